/**
 * How peers reach each other: the mutual-TLS mesh listener, contacts (kept behind a {@link
 * ContactStore} the caller supplies), and dialing behind one {@link Dialer} interface (direct, LAN,
 * hole-punched and relayed paths). Every connection proves both PeerIds by TLS; what a caller may
 * do is left to peerapi.
 */
package dev.drawbridge.mesh;
