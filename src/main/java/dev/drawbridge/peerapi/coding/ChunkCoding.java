package dev.drawbridge.peerapi.coding;

import dev.drawbridge.identity.PeerId;
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
 *
 * <p>A remote peer triggers the CPU work, so it is bounded (issue 9 item 4): each chunk's outcome,
 * the frame or "does not pay", is cached per file version and span ({@link Budget#cacheBytes},
 * LRU), so repeating a request costs a cache hit; and each peer has a compression budget
 * (concurrent compressions and a token bucket of input bytes per second). A chunk over the budget
 * is sent as it is, never refused.
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

  /** Bytes a cache entry costs beyond its frame (key, version, map entry), roughly. */
  static final int ENTRY_OVERHEAD = 256;

  /** Peers whose budget is remembered (LRU); only granted peers ever reach the chunk resource. */
  static final int REMEMBERED_PEERS = 1024;

  /**
   * What one peer may make this host compress, and how much coded output is cached.
   *
   * @param concurrentPerPeer compressions of one peer running at once
   * @param bytesPerSecondPerPeer compression input one peer may cause per second (refill)
   * @param burstBytesPerPeer the bucket's size (at least one chunk, {@code 4 MiB})
   * @param cacheBytes coded frames and "does not pay" answers kept, all peers together
   */
  public record Budget(
      int concurrentPerPeer, long bytesPerSecondPerPeer, long burstBytesPerPeer, long cacheBytes) {
    /** ~32 MiB/s of input is ~6 % of one core at level 1; a 4 MiB chunk always fits the burst. */
    public static final Budget DEFAULT = new Budget(2, 32L << 20, 64L << 20, 64L << 20);

    public Budget {
      if (concurrentPerPeer < 1
          || bytesPerSecondPerPeer < 1
          || burstBytesPerPeer < 1
          || cacheBytes < 0) {
        throw new IllegalArgumentException("bad compression budget: " + this);
      }
    }
  }

  /** Counters since start, for logs and tests. {@code bytesIn} = file bytes of the coded chunks. */
  public record Stats(
      long tried,
      long coded,
      long skippedByName,
      long skippedByMagic,
      long skippedRemembered,
      long bytesIn,
      long bytesOut,
      long cacheHits,
      long overBudget) {}

  /** A cached outcome: the frame, or null when this chunk does not pay. */
  public record Cached(byte[] frame) {}

  private record Span(FileVersion version, long offset, int length) {}

  /** One peer's compression budget. Guarded by the ChunkCoding's lock. */
  private static final class Bucket {
    double tokens;
    long refilledAt;
    int running;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  private static final byte[] DOES_NOT_PAY = new byte[0];

  private final Compression mode;
  private final int level;
  private final boolean usable;
  private final Budget budget;

  /** Outcomes per (version, offset, length), LRU; {@link #cachedBytes} is their total cost. */
  private final LinkedHashMap<Span, byte[]> outcomes = new LinkedHashMap<>(256, 0.75f, true);

  private long cachedBytes;
  private final LinkedHashMap<PeerId, Bucket> buckets =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Bucket> eldest) {
          return size() > REMEMBERED_PEERS;
        }
      };

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
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong overBudget = new AtomicLong();

  public ChunkCoding(Compression mode, int level) {
    this(mode, level, Budget.DEFAULT);
  }

  public ChunkCoding(Compression mode, int level, Budget budget) {
    if (level < -7 || level > MAX_LEVEL || level == 0) {
      throw new IllegalArgumentException(
          "drawbridge.transfers.compression-level must be -7..-1 or 1.." + MAX_LEVEL);
    }
    this.mode = mode;
    this.level = level;
    this.budget = budget;
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
    Span key = new Span(version, offset, length);
    if (offset == 0 && CompressedFormats.byMagic(chunk, length)) {
      skippedByMagic.incrementAndGet();
      remember(version, MISSES_TO_GIVE_UP);
      cache(key, DOES_NOT_PAY);
      return null;
    }
    tried.incrementAndGet();
    byte[] dst = scratch(ZstdCodec.bound(length));
    int n = ZstdCodec.compress(chunk, length, dst, level);
    if (n > length * (1 - MIN_SAVING)) {
      miss(version);
      cache(key, DOES_NOT_PAY);
      return null;
    }
    remember(version, 0);
    coded.incrementAndGet();
    bytesIn.addAndGet(length);
    bytesOut.addAndGet(n);
    byte[] frame = Arrays.copyOf(dst, n);
    cache(key, frame);
    return frame;
  }

  /**
   * What an earlier compression of exactly this span of this version gave, if it is still cached.
   * The version carries size, mtime and etag, so a changed file never hits an old entry.
   */
  public synchronized Cached cached(FileVersion version, long offset, int length) {
    byte[] b = outcomes.get(new Span(version, offset, length));
    if (b == null) {
      return null;
    }
    cacheHits.incrementAndGet();
    return new Cached(b == DOES_NOT_PAY ? null : b);
  }

  /**
   * Takes {@code length} bytes of {@code peer}'s compression budget and one of its concurrent
   * slots; false when over budget (then send the chunk as it is). Pair a true with {@link
   * #endCompression}.
   */
  public synchronized boolean startCompression(PeerId peer, int length) {
    long now = System.nanoTime();
    Bucket b = buckets.get(peer);
    if (b == null) {
      b = new Bucket(budget.burstBytesPerPeer(), now);
      buckets.put(peer, b);
    }
    b.tokens =
        Math.min(
            budget.burstBytesPerPeer(),
            b.tokens + (now - b.refilledAt) / 1e9 * budget.bytesPerSecondPerPeer());
    b.refilledAt = now;
    if (b.running >= budget.concurrentPerPeer() || b.tokens < length) {
      overBudget.incrementAndGet();
      return false;
    }
    b.tokens -= length;
    b.running++;
    return true;
  }

  public synchronized void endCompression(PeerId peer) {
    Bucket b = buckets.get(peer);
    if (b != null && b.running > 0) {
      b.running--;
    }
  }

  private synchronized void cache(Span key, byte[] outcome) {
    long cost = (long) outcome.length + ENTRY_OVERHEAD;
    if (cost > budget.cacheBytes() / 8) {
      return; // one entry never takes more than an eighth of the cache
    }
    byte[] old = outcomes.put(key, outcome);
    cachedBytes += cost - (old == null ? 0 : old.length + ENTRY_OVERHEAD);
    var it = outcomes.values().iterator();
    while (cachedBytes > budget.cacheBytes() && it.hasNext()) {
      byte[] eldest = it.next();
      it.remove();
      cachedBytes -= eldest.length + ENTRY_OVERHEAD;
    }
  }

  /** Bytes the cache holds now (frames plus per-entry overhead). */
  public synchronized long cachedBytes() {
    return cachedBytes;
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
        bytesOut.get(),
        cacheHits.get(),
        overBudget.get());
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
