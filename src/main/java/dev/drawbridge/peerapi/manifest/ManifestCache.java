package dev.drawbridge.peerapi.manifest;

import dev.drawbridge.content.Manifest;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Manifests by file version: an in-memory LRU in front of a {@link ManifestStore}, and the
 * background hashing that fills both. A version is hashed at most once at a time (single flight),
 * and at most {@link #PARALLEL_HASHES} files are hashed at once, on worker threads of their own, so
 * hashing never holds the event loop nor starves the workers that serve file reads.
 */
public final class ManifestCache {
  private static final Logger LOG = Logger.getLogger(ManifestCache.class);
  public static final int CHUNK_SIZE = 1024 * 1024;
  public static final int PARALLEL_HASHES = 2;

  /**
   * Files up to this size are hashed inline (a few milliseconds) and answered with 200 at once: a
   * 202 and a one-second poll per small file would cap a folder of small files at a few files per
   * second.
   */
  public static final long INLINE_LIMIT = 8L << 20;

  static final int DEFAULT_MAX_ENTRIES = 1000;
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** What a request for a manifest finds. */
  public sealed interface Status permits Ready, Computing, Unreadable {}

  public record Ready(Manifest manifest) implements Status {}

  /** Being hashed (or queued for it); {@code progress} is 0.0–1.0. */
  public record Computing(double progress) implements Status {}

  /** The last attempt to read this version failed (it vanished, or we may not read it). */
  public record Unreadable() implements Status {}

  /** Counters since start; {@code hits} = answered without hashing. */
  public record Stats(long memoryHits, long storeHits, long misses, long computed, long discarded) {
    public long hits() {
      return memoryHits + storeHits;
    }
  }

  private final WorkerExecutor hashers;
  private final ManifestStore store;
  private final ManifestLru memory;
  private final ConcurrentHashMap<FileVersion, Job> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong memoryHits = new AtomicLong();
  private final AtomicLong storeHits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong computed = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();

  public ManifestCache(Vertx vertx, ManifestStore store) {
    this(vertx, store, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
  }

  public ManifestCache(Vertx vertx, ManifestStore store, int maxEntries, long maxBytes) {
    // Hashing a 100 GB file takes minutes: raise the blocked-thread warning far beyond that.
    this.hashers =
        vertx.createSharedWorkerExecutor("drawbridge-hashing", PARALLEL_HASHES, 24, TimeUnit.HOURS);
    this.store = store;
    this.memory = new ManifestLru(maxEntries, maxBytes);
  }

  /** One hashing run of one version. */
  private static final class Job {
    final FileVersion version;
    final AtomicLong hashed = new AtomicLong();
    volatile boolean failed;

    Job(FileVersion version) {
      this.version = version;
    }

    double progress() {
      return version.size() == 0 ? 0.0 : Math.min(1.0, hashed.get() / (double) version.size());
    }
  }

  /**
   * The manifest of {@code version} if known, else starts hashing it (unless already under way) and
   * reports progress. May read the store: call it off the event loop.
   */
  public Status request(FileVersion version) {
    Optional<Manifest> known = lookup(version);
    if (known.isPresent()) {
      return new Ready(known.get());
    }
    misses.incrementAndGet();
    if (version.size() <= INLINE_LIMIT) {
      return hashNow(version);
    }
    Job fresh = new Job(version);
    Job job = inFlight.putIfAbsent(version, fresh);
    if (job == null) {
      // A job that finished between our lookup and now has already filled the memory tier.
      Optional<Manifest> justDone = memory.get(version);
      if (justDone.isPresent()) {
        inFlight.remove(version, fresh);
        return new Ready(justDone.get());
      }
      start(fresh);
      job = fresh;
    } else if (job.failed) {
      // Answer the failure once; the next request tries again (the cause may have been passing).
      inFlight.remove(version, job);
      return new Unreadable();
    }
    return new Computing(job.progress());
  }

  /** The manifest if it is in memory right now: never reads the store, never starts hashing. */
  public Optional<Manifest> peek(FileVersion version) {
    return memory.get(version);
  }

  public Stats stats() {
    return new Stats(
        memoryHits.get(), storeHits.get(), misses.get(), computed.get(), discarded.get());
  }

  private Optional<Manifest> lookup(FileVersion version) {
    Optional<Manifest> m = memory.get(version);
    if (m.isPresent()) {
      memoryHits.incrementAndGet();
      return m;
    }
    try {
      m =
          store
              .load(version)
              .filter(s -> s.etag().equals(version.etag()) && s.size() == version.size());
    } catch (RuntimeException e) {
      LOG.warnf(e, "manifest store unreadable; hashing %s again", version.path().getFileName());
      m = Optional.empty();
    }
    if (m.isPresent()) {
      storeHits.incrementAndGet();
      memory.put(version, m.get());
    }
    return m;
  }

  private Status hashNow(FileVersion version) {
    try {
      Optional<Manifest> m = ChunkHasher.hash(version, CHUNK_SIZE, n -> {});
      if (m.isEmpty()) {
        discarded.incrementAndGet();
        return new Computing(0.0); // changed while we read it: the caller asks again
      }
      memory.put(version, m.get());
      computed.incrementAndGet();
      save(version, m.get());
      return new Ready(m.get());
    } catch (IOException | RuntimeException e) {
      LOG.debugf("cannot hash %s: %s", version.path().getFileName(), e.toString());
      return new Unreadable();
    }
  }

  private void start(Job job) {
    hashers.executeBlocking(
        () -> {
          run(job);
          return null;
        },
        false);
  }

  private void run(Job job) {
    try {
      Optional<Manifest> m = ChunkHasher.hash(job.version, CHUNK_SIZE, job.hashed::set);
      if (m.isEmpty()) {
        // The file changed under us: these hashes describe nothing. The next request sees the new
        // version and hashes that one.
        discarded.incrementAndGet();
      } else {
        memory.put(job.version, m.get());
        computed.incrementAndGet();
        save(job.version, m.get());
      }
      inFlight.remove(job.version, job);
    } catch (IOException | RuntimeException e) {
      LOG.debugf("cannot hash %s: %s", job.version.path().getFileName(), e.toString());
      job.failed = true;
    }
  }

  private void save(FileVersion version, Manifest m) {
    try {
      store.save(version, m);
    } catch (RuntimeException e) {
      LOG.warnf(
          e,
          "could not persist the manifest of %s; it stays in memory",
          version.path().getFileName());
    }
  }
}
