package dev.drawbridge.peerapi.coding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Test data: log-like text (compresses ~5x with zstd) and random bytes (does not compress). */
public final class TextSamples {
  private TextSamples() {}

  public static byte[] logLines(int size, long seed) {
    Random r = new Random(seed);
    String[] words = {
      "request", "served", "peer", "chunk", "verified", "manifest", "share", "relay"
    };
    StringBuilder sb = new StringBuilder(size + 200);
    for (int i = 0; sb.length() < size; i++) {
      sb.append("2026-11-23T13:")
          .append(i % 60)
          .append(" INFO [worker-")
          .append(r.nextInt(4))
          .append("] ")
          .append(words[r.nextInt(words.length)])
          .append(' ')
          .append(words[r.nextInt(words.length)])
          .append(" id=")
          .append(Integer.toHexString(r.nextInt()))
          .append('\n');
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
  }

  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
