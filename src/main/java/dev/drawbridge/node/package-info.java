/**
 * The composition root: {@link PeerNode} builds the CDI-free core (mesh listener, LAN discovery,
 * relays, dialer, peer API and its clients) from typed options and stores, and starts and stops it.
 * Opening the database, loading grants and contacts, and exposing the parts are the caller's.
 */
package dev.drawbridge.node;
