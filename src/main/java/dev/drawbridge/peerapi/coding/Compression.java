package dev.drawbridge.peerapi.coding;

/** The owner's setting {@code drawbridge.transfers.compression}, for both directions. */
public enum Compression {
  /** Ask for zstd when receiving; when serving, compress a chunk only where it pays. */
  AUTO,
  /** Never ask for nor send compressed chunks (e.g. on a fast LAN with a busy CPU). */
  OFF
}
