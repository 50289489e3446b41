package dev.drawbridge.peerapi.coding;

import dev.drawbridge.peerapi.manifest.FileVersion;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's decision whether a chunk travels zstd-coded: only when the receiver asked for it, only
 * for data not known to be compressed already, and only when compressing actually saved at least
 * {@link #MIN_SAVING} of the bytes. A file version whose chunks keep failing that test is
 * remembered (small LRU) and not tried again, so incompressible data costs a few trial chunks and
 * then nothing.
 */
public final class ChunkCoding {
  /** zstd level 1: ~550 MB/s per core at ratios close to level 3 on text (docs/benchmarks.md). */
  public static final int DEFAULT_LEVEL = 1;

  /**
   * Levels beyond this cost several times the CPU for a few percent; a remote peer triggers the
   * work.
   */
  public static final int MAX_LEVEL = 9;

  /** Below a 10 % saving, the receiver's decoding and the host's CPU are not worth the bytes. */
  public static final double MIN_SAVING = 0.10;

  /** Tiny chunks: the frame overhead and the per-request cost dwarf any saving. */
  static final int MIN_LENGTH = 1024;

  /** Consecutive chunks of one version that did not pay before that version is given up. */
  static final int MISSES_TO_GIVE_UP = 3;

  static final int REMEMBERED_VERSIONS = 4096;

  /** Counters since start, for logs and tests. {@code bytesIn} = file bytes of the coded chunks. */
  public record Stats(
      long tried,
      long coded,
      long skippedByName,
      long skippedByMagic,
      long skippedRemembered,
      long bytesIn,
      long bytesOut) {}

  private final Compression mode;
  private final int level;
  private final boolean usable;

  /**
   * Consecutive misses per version; a version at {@link #MISSES_TO_GIVE_UP} is never tried again.
   */
  private final LinkedHashMap<FileVersion, Integer> misses =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileVersion, Integer> eldest) {
          return size() > REMEMBERED_VERSIONS;
        }
      };

  // One scratch buffer per serving thread (a small fixed pool): no 1 MiB allocation per trial.
  private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[0]);
  private final AtomicLong tried = new AtomicLong();
  private final AtomicLong coded = new AtomicLong();
  private final AtomicLong skippedByName = new AtomicLong();
  private final AtomicLong skippedByMagic = new AtomicLong();
  private final AtomicLong skippedRemembered = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();

  public ChunkCoding(Compression mode, int level) {
    if (level < -7 || level > MAX_LEVEL || level == 0) {
      throw new IllegalArgumentException(
          "drawbridge.transfers.compression-level must be -7..-1 or 1.." + MAX_LEVEL);
    }
    this.mode = mode;
    this.level = level;
    // Loads the native library now (at start), not on an event loop at the first request.
    this.usable = mode == Compression.AUTO && ZstdCodec.available();
  }

  /** Never compresses: the default of the CDI-free core when nothing is configured. */
  public static ChunkCoding off() {
    return new ChunkCoding(Compression.OFF, DEFAULT_LEVEL);
  }

  /**
   * Before reading: is this chunk worth reading into memory and trying? Cheap (no I/O), so the
   * caller can stream everything else straight from the file.
   */
  public boolean worthTrying(String acceptEncoding, FileVersion version, long length) {
    if (!usable || length < MIN_LENGTH || !AcceptEncoding.accepts(acceptEncoding, "zstd")) {
      return false;
    }
    if (CompressedFormats.byName(version.path().getFileName().toString())) {
      skippedByName.incrementAndGet();
      return false;
    }
    if (givenUp(version)) {
      skippedRemembered.incrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * The zstd frame of {@code chunk[0, length)} (read at {@code offset} of {@code version}), or null
   * when it should travel as it is. Runs on a worker thread: compression takes ~2 ms per MiB.
   */
  public byte[] encode(FileVersion version, long offset, byte[] chunk, int length) {
    if (offset == 0 && CompressedFormats.byMagic(chunk, length)) {
      skippedByMagic.incrementAndGet();
      remember(version, MISSES_TO_GIVE_UP);
      return null;
    }
    tried.incrementAndGet();
    byte[] dst = scratch(ZstdCodec.bound(length));
    int n = ZstdCodec.compress(chunk, length, dst, level);
    if (n > length * (1 - MIN_SAVING)) {
      miss(version);
      return null;
    }
    remember(version, 0);
    coded.incrementAndGet();
    bytesIn.addAndGet(length);
    bytesOut.addAndGet(n);
    return Arrays.copyOf(dst, n);
  }

  public Compression mode() {
    return mode;
  }

  public Stats stats() {
    return new Stats(
        tried.get(),
        coded.get(),
        skippedByName.get(),
        skippedByMagic.get(),
        skippedRemembered.get(),
        bytesIn.get(),
        bytesOut.get());
  }

  private byte[] scratch(int size) {
    byte[] b = scratch.get();
    if (b.length < size) {
      b = new byte[size];
      scratch.set(b);
    }
    return b;
  }

  private synchronized boolean givenUp(FileVersion version) {
    Integer m = misses.get(version);
    return m != null && m >= MISSES_TO_GIVE_UP;
  }

  private synchronized void miss(FileVersion version) {
    misses.merge(version, 1, Integer::sum);
  }

  private synchronized void remember(FileVersion version, int count) {
    misses.put(version, count);
  }
}
