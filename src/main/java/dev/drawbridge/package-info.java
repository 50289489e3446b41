/**
 * Drawbridge: a private peer-to-peer file sharing peer. Sub-packages are the architectural parts
 * (identity, store, share, mesh, peerapi, web); see docs/architecture.md for the picture.
 */
package dev.drawbridge;
