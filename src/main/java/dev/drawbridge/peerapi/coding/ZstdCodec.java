package dev.drawbridge.peerapi.coding;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.util.Native;
import org.jboss.logging.Logger;

/**
 * zstd (RFC 8878) through zstd-jni. The native library ships inside the jar for the usual
 * platforms; where it cannot load, {@link #available()} is false and both sides simply never use
 * zstd.
 */
public final class ZstdCodec {
  private static final Logger LOG = Logger.getLogger(ZstdCodec.class);
  private static final boolean AVAILABLE = load();

  private ZstdCodec() {}

  private static boolean load() {
    try {
      Native.load();
      return Native.isLoaded();
    } catch (LinkageError | RuntimeException e) {
      LOG.warnf(
          "zstd is not available on this platform (%s); chunks travel uncompressed", e.toString());
      return false;
    }
  }

  public static boolean available() {
    return AVAILABLE;
  }

  /**
   * The largest frame zstd can make of {@code length} bytes (its worst case, incompressible data).
   */
  public static int bound(int length) {
    return Math.toIntExact(Zstd.compressBound(length));
  }

  /**
   * Compresses {@code src[0, length)} into {@code dst} (at least {@link #bound} long) as one frame
   * that records its content size; returns the frame's length.
   */
  public static int compress(byte[] src, int length, byte[] dst, int level) {
    return Math.toIntExact(Zstd.compressByteArray(dst, 0, dst.length, src, 0, length, level));
  }

  /**
   * Decodes {@code frame} into exactly {@code expected} bytes. Never allocates more than that,
   * whatever the frame claims: a frame that would decode to more (a "zstd bomb"), to less, or that
   * is not valid zstd fails with {@link BadFrameException}.
   */
  public static byte[] decompress(byte[] frame, int frameLength, int expected)
      throws BadFrameException {
    // The declared content size is checked first so an oversized frame costs no decoding work.
    long declared = Zstd.getFrameContentSize(frame, 0, frameLength);
    if (declared >= 0 && declared != expected) {
      throw new BadFrameException(
          "the frame declares " + declared + " bytes, expected " + expected);
    }
    byte[] out = new byte[expected];
    long n;
    try {
      // The output array is the bound: zstd stops with "destination too small" rather than grow it.
      n = Zstd.decompressByteArray(out, 0, expected, frame, 0, frameLength);
    } catch (ZstdException e) {
      throw new BadFrameException(
          "not a valid zstd frame of " + expected + " bytes: " + e.getMessage());
    }
    if (n != expected) {
      throw new BadFrameException("the frame decoded to " + n + " bytes, expected " + expected);
    }
    return out;
  }

  /** A compressed answer that does not decode to what was asked for. */
  public static final class BadFrameException extends Exception {
    public BadFrameException(String message) {
      super(message, null, false, false);
    }
  }
}
