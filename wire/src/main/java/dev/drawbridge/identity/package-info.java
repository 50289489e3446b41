/**
 * Who a peer is: its Ed25519 key pair, the {@link dev.drawbridge.identity.PeerId} derived from it,
 * the self-signed TLS certificate and trust managers, plus a friendly name and avatar for humans.
 * Deciding which PeerIds are allowed to do what is left to callers.
 */
package dev.drawbridge.identity;
