/**
 * How peers reach each other: the mutual-TLS mesh listener, contacts, and dialing behind one
 * {@link dev.drawbridge.mesh.Dialer} interface (direct today; relayed and hole-punched paths plug in
 * here). Every connection proves both PeerIds by TLS; what a caller may do is left to peerapi.
 */
package dev.drawbridge.mesh;
