/**
 * Drawbridge: a private peer-to-peer file sharing peer. Sub-packages are the architectural parts
 * (identity, content, store, share, mesh, peerapi, transfer, node, app, web); this package holds no
 * classes. See docs/architecture.md for the picture.
 */
package dev.drawbridge;
