package dev.drawbridge.transfer;

import java.util.BitSet;
import java.util.List;

/**
 * A durable memory of chunks this computer already holds (e.g. in files Drawbridge placed earlier),
 * so a download can copy them from disk instead of fetching them again. Every method may block (a
 * database): call them from worker threads. Answers are hints, never trusted: a download hashes the
 * bytes it reads and falls back to the network on a mismatch.
 */
public interface ChunkIndex {
  /**
   * Shorter chunks are always fetched: a lookup, a read and a database row cost more than their
   * bytes.
   */
  int MIN_CHUNK_BYTES = 64 << 10;

  /** Remembers nothing and finds nothing. */
  ChunkIndex NONE =
      new ChunkIndex() {
        @Override
        public BitSet known(List<String> hashes) {
          return new BitSet();
        }

        @Override
        public List<ChunkLocation> find(String hash) {
          return List.of();
        }
      };

  /**
   * Which of {@code hashes} (base64url SHA-256, as in a manifest) may be held locally: bit {@code
   * i} for {@code hashes.get(i)}. One bit per chunk, so asking for a huge file stays cheap.
   */
  BitSet known(List<String> hashes);

  /** Places that held bytes hashing to {@code hash}, best first, at most a few. */
  List<ChunkLocation> find(String hash);

  /**
   * The bytes at {@code at} did not hash to {@code hash} (or could not be read): stop offering
   * them.
   */
  default void forget(String hash, ChunkLocation at) {}
}
