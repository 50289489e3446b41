/**
 * The relay server: a TLS control port where peers announce themselves and coordinate, and a plain
 * circuit port that splices end-to-end encrypted peer connections or pairs hole-punch rendezvous.
 * Plain Vert.x, no DI: {@code new RelayServer(vertx, identity, config).start()}.
 */
package dev.drawbridge.relay;
