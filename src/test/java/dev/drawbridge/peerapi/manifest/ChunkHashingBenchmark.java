package dev.drawbridge.peerapi.manifest;

import java.security.MessageDigest;
import java.util.Random;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the candidate chunk hashes on this machine, for docs/benchmarks.md. Off by default
 * (it takes ~30 s and its numbers depend on the machine); prints MB/s, asserts nothing: {@code
 * ./mvnw -o -B test -Dtest=ChunkHashingBenchmark -Dbench.hashing=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bench.hashing", matches = "true")
class ChunkHashingBenchmark {
  static final int SIZE = 256 * 1024 * 1024;
  static final int CHUNK = ManifestCache.CHUNK_SIZE;
  static final int ROUNDS = 5;

  /** Feeds one algorithm 1 MiB at a time, like the hasher does. */
  interface Hash {
    void update(byte[] b, int off, int len);

    void finish();
  }

  @Test
  void printsThroughputOfSha256AndBlake3() throws Exception {
    byte[] data = new byte[SIZE];
    new Random(1).nextBytes(data);
    System.out.printf(
        "chunk hashing, %d MiB in memory, %d KiB updates, best of %d (first round is warm-up)%n",
        SIZE >> 20, CHUNK >> 10, ROUNDS);
    measure("SHA-256 (JDK " + System.getProperty("java.version") + ")", data, () -> jdk("SHA-256"));
    measure("BLAKE3 (Bouncy Castle)", data, ChunkHashingBenchmark::blake3);
    measure(
        "SHA-256 chunk + whole, one pass (as built)",
        data,
        () -> {
          Hash chunk = jdk("SHA-256");
          Hash whole = jdk("SHA-256");
          return new Hash() {
            public void update(byte[] b, int off, int len) {
              chunk.update(b, off, len);
              whole.update(b, off, len);
              chunk.finish(); // one chunk per update here: the hasher's buffer is one chunk
            }

            public void finish() {
              whole.finish();
            }
          };
        });
  }

  private static void measure(String name, byte[] data, Supplier<Hash> factory) {
    double best = 0;
    for (int round = 0; round <= ROUNDS; round++) {
      Hash h = factory.get();
      long t0 = System.nanoTime();
      for (int off = 0; off < data.length; off += CHUNK) {
        h.update(data, off, Math.min(CHUNK, data.length - off));
      }
      h.finish();
      double mbPerS = (data.length / 1e6) / ((System.nanoTime() - t0) / 1e9);
      if (round > 0) {
        best = Math.max(best, mbPerS);
      }
    }
    System.out.printf("  %-45s %8.0f MB/s of file%n", name, best);
  }

  private static Hash jdk(String algorithm) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      return new Hash() {
        public void update(byte[] b, int off, int len) {
          md.update(b, off, len);
        }

        public void finish() {
          md.digest();
        }
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Hash blake3() {
    Blake3Digest d = new Blake3Digest(256);
    return new Hash() {
      public void update(byte[] b, int off, int len) {
        d.update(b, off, len);
      }

      public void finish() {
        d.doFinal(new byte[32], 0);
      }
    };
  }
}
