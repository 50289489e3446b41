/**
 * Drawbridge: a private peer-to-peer file sharing peer. Sub-packages are the architectural parts
 * (identity, store, share, mesh, peerapi, transfer, web); {@link dev.drawbridge.PeerConfig} is the
 * configuration and {@link dev.drawbridge.PeerNode} wires the CDI-free core into Quarkus at start.
 * See docs/architecture.md for the picture.
 */
package dev.drawbridge;
