package dev.drawbridge.share;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

/** Builders for the long or fully-escaped inputs the path tables need. */
final class PathSamples {
  private PathSamples() {}

  /** Percent-encodes every byte except '/', like a client that escapes everything. */
  static String hexAll(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      out.append(b == '/' ? "/" : String.format("%%%02x", b & 0xFF));
    }
    return out.toString();
  }

  /** A valid-looking path of exactly {@code n} UTF-8 bytes, in segments of at most 200. */
  static String pathOfBytes(int n) {
    StringBuilder out = new StringBuilder();
    int left = n;
    while (left > 0) {
      if (out.length() > 0) {
        out.append('/');
        left--;
      }
      int seg = Math.min(200, left);
      if (left - seg == 1) {
        seg--; // never leave room for only a separator
      }
      out.append("a".repeat(seg));
      left -= seg;
    }
    return out.toString();
  }

  static String depth(int n) {
    return String.join("/", Collections.nCopies(n, "d"));
  }
}
