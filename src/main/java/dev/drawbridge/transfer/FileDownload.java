package dev.drawbridge.transfer;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.content.Manifest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.jboss.logging.Logger;

/**
 * Downloads one file into a hidden partial file, losing no byte: chunks are fetched in parallel
 * ({@link ChunkFetcher}), each hashed before it touches the disk, the ledger records only written
 * and verified chunks ({@link PartialStore}), so a restart after {@code kill -9} fetches only what
 * is missing, and the SHA-256 of the whole file is checked before {@link #start()} succeeds:
 * computed while the download runs, from the written chunk buffers in file order and from the file
 * for whatever is not in memory ({@link WholeFileDigest}); if that fails, damaged chunks are found
 * by reading the file back ({@link FinalCheck}), fetched again, and the whole file is read back and
 * hashed once more. A chunk already on this computer (same SHA-256, in this file, in the job's
 * other files or in files placed earlier: {@link LocalCopies}) is copied, not fetched.
 *
 * <p>All state lives on one Vert.x context: source callbacks, timers and the public methods hop
 * onto it, so there are no locks here. File IO, hashing and ledger calls run on worker threads.
 */
public final class FileDownload {
  /** A hostile or broken host must not make us hold gigabytes per chunk in memory. */
  static final int MAX_CHUNK_SIZE = 64 << 20;

  private static final Logger LOG = Logger.getLogger(FileDownload.class);

  public record Options(int chunksInFlight, int maxAttemptsPerChunk) {
    public Options {
      if (chunksInFlight < 1 || maxAttemptsPerChunk < 1) {
        throw new IllegalArgumentException(
            "chunksInFlight and maxAttemptsPerChunk must be at least 1");
      }
    }

    /**
     * Eight 1 MiB chunks keep a fast link busy (measured: four left loopback latency-bound) and
     * bound a download's chunk memory to 8 MiB.
     */
    public static Options defaults() {
      return new Options(8, 5);
    }
  }

  /**
   * The partial file holds exactly the manifest's bytes, verified per chunk and as a whole; {@code
   * tally} says how many chunks were fetched and how many copied from local copies.
   */
  public record Verified(Path partialFile, Manifest manifest, ChunkTally tally) {
    public Verified(Path partialFile, Manifest manifest) {
      this(partialFile, manifest, ChunkTally.NONE);
    }
  }

  /** Called on the download's Vert.x context: keep it quick, and do not block. */
  public interface Listener {
    void progress(long bytesVerified, long size);

    default void chunkRejected(int chunk, String reason) {}
  }

  private enum Phase {
    NEW,
    PREPARING,
    FETCHING,
    CHECKING,
    SETTLED
  }

  private final ChunkSource source;
  private final PartialStore store;
  private final Listener listener;
  private final Context context;
  private final Promise<Verified> result = Promise.promise();
  private final ProgressThrottle progress;
  private final ChunkFetcher fetcher;

  private Phase phase = Phase.NEW;
  private Throwable stopCause;
  private Manifest manifest;
  private BitSet verified;
  private int busy; // blocking tasks running: the partial file is not ours to close until 0
  private long bytesVerified;
  private boolean repaired;
  private WholeFileDigest
      wholeFile; // null after a failed whole-file check: FinalCheck re-reads instead
  private long startedNanos;

  /** A download that copies repeated chunks of its own file only. */
  public FileDownload(
      Vertx vertx,
      ChunkSource source,
      Path partialFile,
      ChunkLedger ledger,
      Options options,
      Listener listener) {
    this(vertx, source, partialFile, ledger, options, listener, LocalCopies.ownFileOnly());
  }

  /** A download that also copies chunks from {@code copies} (shared by the downloads of a job). */
  public FileDownload(
      Vertx vertx,
      ChunkSource source,
      Path partialFile,
      ChunkLedger ledger,
      Options options,
      Listener listener,
      LocalCopies copies) {
    Objects.requireNonNull(vertx);
    this.source = Objects.requireNonNull(source);
    this.store =
        new PartialStore(Objects.requireNonNull(partialFile), Objects.requireNonNull(ledger));
    this.listener = Objects.requireNonNull(listener);
    this.context = vertx.getOrCreateContext();
    this.progress = new ProgressThrottle(vertx, listener);
    this.fetcher =
        new ChunkFetcher(
            vertx,
            source,
            store,
            new LocalChunks(Objects.requireNonNull(copies), store),
            Objects.requireNonNull(options),
            new Callbacks());
  }

  /** Starts once; later calls return the same future. */
  public Future<Verified> start() {
    onContext(
        () -> {
          if (phase == Phase.NEW) {
            phase = Phase.PREPARING;
            fetchManifest();
          }
        });
    return result.future();
  }

  /** Issues no new reads; those in flight finish and are recorded. */
  public void pause() {
    fetcher.pause();
  }

  public void resume() {
    fetcher.resume();
  }

  /**
   * Deletes the partial file and fails {@link #start()} with a CancellationException; no-op once
   * done.
   */
  public void cancel() {
    onContext(() -> stop(new CancellationException("download cancelled")));
  }

  /**
   * Stops for now without deleting anything: the partial file and every verified chunk in the
   * ledger stay, so a later download of the same file continues from them. Fails {@link #start()}
   * with a {@link DownloadHaltedException}; no-op once done.
   */
  public void halt() {
    onContext(() -> stop(new DownloadHaltedException()));
  }

  private void fetchManifest() {
    Future<Manifest> asked;
    try {
      asked = source.manifest();
    } catch (RuntimeException e) {
      asked = Future.failedFuture(e);
    }
    asked.onComplete(ar -> onContext(() -> manifestArrived(ar)));
  }

  private void manifestArrived(AsyncResult<Manifest> ar) {
    if (stopping()) {
      return;
    }
    if (ar.failed()) {
      FileChangedException changed = Failures.changed(ar.cause());
      stop(
          changed != null
              ? changed
              : new TransferFailedException(
                  "could not get the file's manifest: " + Failures.describe(ar.cause()),
                  ar.cause()));
      return;
    }
    String problem = Failures.problemWith(ar.result(), MAX_CHUNK_SIZE);
    if (problem != null) {
      stop(new TransferFailedException(problem));
      return;
    }
    manifest = ar.result();
    blocking(() -> store.open(manifest), this::prepared);
  }

  private void prepared(BitSet done) {
    verified = done;
    bytesVerified = done.stream().mapToLong(manifest::chunkLength).sum();
    for (int i = done.nextClearBit(0); i < manifest.chunkCount(); i = done.nextClearBit(i + 1)) {
      fetcher.add(i);
    }
    phase = Phase.FETCHING;
    progress.update(bytesVerified, manifest.size());
    wholeFile = new WholeFileDigest(manifest, store, this::blocking, fetcher::memoryFreed);
    wholeFile.alreadyWritten(done);
    startedNanos = System.nanoTime();
    fetcher.run(manifest);
  }

  /** The fetch loop calls back here, on the context. */
  private final class Callbacks implements ChunkFetcher.Owner {
    @Override
    public <T> void run(Callable<T> work, Handler<T> then) {
      blocking(work, then);
    }

    @Override
    public boolean stopping() {
      return FileDownload.this.stopping();
    }

    @Override
    public void stop(Throwable cause) {
      FileDownload.this.stop(cause);
    }

    @Override
    public void onContext(Runnable action) {
      FileDownload.this.onContext(action);
    }

    @Override
    public void chunkRejected(int chunk, String reason) {
      notifyRejected(chunk, reason);
    }

    @Override
    public void chunkVerified(int chunk, Buffer bytes) {
      verified.set(chunk);
      bytesVerified += manifest.chunkLength(chunk);
      progress.update(bytesVerified, manifest.size());
      if (wholeFile != null) {
        wholeFile.written(chunk, bytes);
      }
    }

    @Override
    public int chunksKept() {
      return wholeFile == null ? 0 : wholeFile.buffered();
    }

    @Override
    public boolean dropOneKept() {
      return wholeFile != null && wholeFile.dropFurthest();
    }

    @Override
    public void allFetched() {
      phase = Phase.CHECKING;
      long fetchedNanos = System.nanoTime();
      blocking(
          () -> {
            store.makeDurable();
            return null;
          },
          ignored -> {
            long durableNanos = System.nanoTime();
            if (wholeFile == null) {
              new FinalCheck(manifest, store.file(), FileDownload.this::blocking)
                  .wholeFileMatches(FileDownload.this::checked);
              return;
            }
            WholeFileDigest digest = wholeFile;
            digest.whenComplete(
                matches -> {
                  LOG.debugf(
                      "%s: fetched in %d ms, durable %d ms later, whole-file digest %d ms later (%d bytes read back)",
                      store.path().getFileName(),
                      (fetchedNanos - startedNanos) / 1_000_000,
                      (durableNanos - fetchedNanos) / 1_000_000,
                      (System.nanoTime() - durableNanos) / 1_000_000,
                      digest.bytesReadBack());
                  checked(matches);
                });
          });
    }
  }

  private void checked(boolean matches) {
    if (matches) {
      blocking(
          () -> {
            store.close();
            return null;
          },
          ignored -> {
            phase = Phase.SETTLED;
            progress.finish(manifest.size(), manifest.size());
            ChunkTally tally = fetcher.tally();
            LOG.debugf("%s verified: %s", store.path(), tally.describe());
            result.complete(new Verified(store.path(), manifest, tally));
          });
    } else if (repaired) {
      stop(
          new TransferFailedException(
              TransferFailedException.Reason.CORRUPT,
              "the whole file failed SHA-256 verification again after "
                  + "damaged chunks were fetched a second time"));
    } else {
      repaired = true;
      wholeFile = null; // from now on the whole file is read back and hashed again
      new FinalCheck(manifest, store.file(), this::blocking).damagedChunks(this::repair);
    }
  }

  /** Fetches the damaged chunks once more; the ledger forgets them first. */
  private void repair(BitSet damaged) {
    if (damaged.isEmpty()) {
      stop(
          new TransferFailedException(
              "the host's manifest is inconsistent: every chunk matches "
                  + "its hash but the whole file does not match its digest"));
      return;
    }
    BitSet good = (BitSet) verified.clone();
    good.andNot(damaged);
    blocking(
        () -> {
          store.recordOnly(manifest.etag(), good);
          return null;
        },
        ignored -> {
          damaged.stream()
              .forEach(
                  chunk -> {
                    verified.clear(chunk);
                    bytesVerified -= manifest.chunkLength(chunk);
                    fetcher.add(chunk);
                    notifyRejected(
                        chunk,
                        "bytes in the partial file do not match (found by the whole-file check)");
                  });
          phase = Phase.FETCHING;
          progress.update(bytesVerified, manifest.size());
          fetcher.run(manifest);
        });
  }

  private boolean stopping() {
    return stopCause != null || phase == Phase.SETTLED;
  }

  /** Stops for good; the future fails once no task touches the partial file any more. */
  private void stop(Throwable cause) {
    if (stopping()) {
      return;
    }
    stopCause = cause;
    progress.close();
    settleWhenIdle();
  }

  private void settleWhenIdle() {
    if (stopCause == null || busy > 0 || phase == Phase.SETTLED) {
      return;
    }
    phase = Phase.SETTLED;
    boolean cancelled = stopCause instanceof CancellationException;
    String etag = manifest != null ? manifest.etag() : null;
    context
        .executeBlocking(
            () -> {
              store.closeAfterStop(cancelled, etag);
              return null;
            },
            false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.warnf(ar.cause(), "cleaning up %s failed", store.path());
              }
              result.fail(stopCause);
            });
  }

  /** Runs blocking work on a worker and continues on the context, unless the download stopped. */
  private <T> void blocking(Callable<T> work, Handler<T> then) {
    busy++;
    // Continue in a later task, never inside this call: a future that is already complete when
    // onComplete is called runs the handler at once, re-entering a caller whose state is
    // mid-update.
    Promise<T> finished = Promise.promise();
    context
        .<T>executeBlocking(work, false)
        .onComplete(ar -> context.runOnContext(v -> finished.handle(ar)));
    finished
        .future()
        .onComplete(
            ar -> {
              busy--;
              if (stopping()) {
                settleWhenIdle();
              } else if (ar.succeeded()) {
                then.handle(ar.result());
              } else {
                stop(Failures.onDisk(ar.cause(), store.path()));
              }
            });
  }

  private void notifyRejected(int chunk, String reason) {
    try {
      listener.chunkRejected(chunk, reason);
    } catch (RuntimeException e) {
      LOG.warnf(e, "chunkRejected listener failed");
    }
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
