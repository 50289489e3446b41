package dev.drawbridge.netlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Searches a capture for bytes. tcpdump writes packet payloads verbatim, so a plaintext marker sent
 * in the clear shows up as-is in the file; over TLS or the relay's end-to-end encryption it must
 * not. A needle split across two TCP segments (or IP fragments) is missed, so tests should send a
 * short marker (≤ 64 bytes) repeated many times: most copies then sit whole in one segment.
 */
public final class Pcap {
  private Pcap() {}

  /** Whether the raw file holds {@code needle} anywhere; streams, so big captures are fine. */
  public static boolean contains(Path pcap, byte[] needle) {
    if (needle.length == 0) {
      return true;
    }
    byte[] buf = new byte[(1 << 20) + needle.length];
    int keep = 0;
    try (InputStream in = Files.newInputStream(pcap)) {
      int n;
      while ((n = in.read(buf, keep, buf.length - keep)) > 0) {
        int len = keep + n;
        if (indexOf(buf, len, needle) >= 0) {
          return true;
        }
        // Carry the tail over: a match may straddle two reads.
        keep = Math.min(needle.length - 1, len);
        System.arraycopy(buf, len - keep, buf, 0, keep);
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] hay, int len, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= len; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Convenience for tests: {@code repeat(marker, n)} yields the repeated needle pattern they should
   * send.
   */
  public static byte[] repeat(byte[] marker, int times) {
    byte[] out = new byte[marker.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(marker, 0, out, i * marker.length, marker.length);
    }
    return out;
  }
}
