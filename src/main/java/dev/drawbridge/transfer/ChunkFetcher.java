package dev.drawbridge.transfer;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.content.Manifest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.BitSet;

/**
 * The fetch loop of a download: keeps up to {@code chunksInFlight} chunks moving (read, hashed,
 * written, recorded), refetches what fails verification and retries what fails to arrive, with
 * backoff. Confined to the download's context; a chunk holds its slot until it is verified, also
 * while it waits for a retry, and buffers the owner keeps after that ({@link Owner#chunksKept()})
 * take slots too, which is what bounds memory to chunksInFlight chunks. Before the network, each
 * chunk is offered to {@link LocalChunks} (dedup), in the same slot.
 */
final class ChunkFetcher {
  /** What the fetch loop needs from the download that owns it. */
  interface Owner extends FinalCheck.Blocking {
    boolean stopping();

    void stop(Throwable cause);

    void onContext(Runnable action);

    void chunkRejected(int chunk, String reason);

    /**
     * The chunk is verified and written; {@code bytes} are what was written (the owner may keep
     * them).
     */
    void chunkVerified(int chunk, Buffer bytes);

    /** Buffers of written chunks the owner still keeps: they count against chunksInFlight. */
    int chunksKept();

    /** Asks the owner to let go of one kept buffer; false when it has none to give up. */
    boolean dropOneKept();

    void allFetched();
  }

  private final Vertx vertx;
  private final ChunkSource source;
  private final PartialStore store;
  private final LocalChunks local;
  private final FileDownload.Options options;
  private final Owner owner;
  private final FetchQueue queue = new FetchQueue();
  // Written from any thread, read on the context, so that pause() takes effect at once.
  private volatile boolean paused;
  private Manifest manifest;
  private boolean active;
  private int inFlight;

  ChunkFetcher(
      Vertx vertx,
      ChunkSource source,
      PartialStore store,
      LocalChunks local,
      FileDownload.Options options,
      Owner owner) {
    this.vertx = vertx;
    this.source = source;
    this.store = store;
    this.local = local;
    this.options = options;
    this.owner = owner;
  }

  /** Fetches {@code chunk} (again), with a clean record of failures. */
  void add(int chunk) {
    queue.forgetFailures(chunk);
    queue.add(chunk);
  }

  /** Fetches what was added, then calls {@link Owner#allFetched()} once nothing is left. */
  void run(Manifest of) {
    manifest = of;
    if (!local.start(of)) {
      active = true;
      pump();
      return;
    }
    BitSet done = new BitSet();
    for (int i = 0; i < of.chunkCount(); i++) {
      done.set(i, !queue.contains(i));
    }
    owner.run(
        () -> local.lookUp(done),
        found -> {
          local.found(found);
          active = true;
          pump();
        });
  }

  ChunkTally tally() {
    return local.tally();
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    owner.onContext(this::pump);
  }

  /** The owner let go of kept buffers: their slots can take new reads. Call on the context. */
  void memoryFreed() {
    pump();
  }

  private void pump() {
    if (!active || owner.stopping()) {
      return;
    }
    // Kept buffers may take up to a quarter of the slots before reads win and they are dropped:
    // enough to ride out the usual reordering of parallel responses without starving the link.
    int keepable = options.chunksInFlight() / 4;
    while (!paused && inFlight < options.chunksInFlight() && !queue.isEmpty()) {
      if (inFlight + owner.chunksKept() >= options.chunksInFlight()
          && (owner.chunksKept() <= keepable || !owner.dropOneKept())) {
        break; // wait for the kept buffers: memoryFreed() pumps again
      }
      inFlight++;
      take(queue.next());
    }
    if (inFlight == 0 && queue.isEmpty()) {
      active = false;
      owner.allFetched();
    }
  }

  /** A copy of bytes already on this computer if there is one, else the network. */
  private void take(int chunk) {
    switch (local.plan(chunk)) {
      case WAIT -> inFlight--; // the same bytes are on their way: verified() queues it again
      case COPY ->
          owner.run(
              () -> local.copy(chunk),
              copied -> {
                if (copied) {
                  verified(chunk, true, null); // not in memory: the whole-file digest reads it back
                } else {
                  again(chunk); // no usable copy: fetch it, unless paused meanwhile
                }
              });
      case FETCH -> read(chunk);
    }
  }

  private void read(int chunk) {
    Future<Buffer> reading;
    try {
      reading =
          source.read(manifest.chunkOffset(chunk), manifest.chunkLength(chunk), manifest.etag());
    } catch (RuntimeException e) {
      reading = Future.failedFuture(e);
    }
    reading.onComplete(ar -> owner.onContext(() -> arrived(chunk, ar)));
  }

  private void arrived(int chunk, AsyncResult<Buffer> ar) {
    if (owner.stopping()) {
      return;
    }
    if (ar.failed()) {
      readFailed(chunk, ar.cause());
      return;
    }
    Buffer bytes = ar.result();
    int length = manifest.chunkLength(chunk);
    if (bytes == null || bytes.length() != length) {
      rejected(chunk, "expected " + length + " bytes, got " + (bytes == null ? 0 : bytes.length()));
      return;
    }
    byte[] expected = Sha256.fromChunkHash(manifest.chunks().get(chunk));
    if (expected == null) {
      owner.stop(
          new TransferFailedException(
              "the host's manifest has a malformed hash for chunk " + chunk));
      return;
    }
    long offset = manifest.chunkOffset(chunk);
    owner.run(
        () -> store.store(chunk, offset, bytes, expected),
        stored -> {
          if (stored) {
            verified(chunk, false, bytes);
          } else {
            rejected(chunk, "SHA-256 mismatch");
          }
        });
  }

  private void verified(int chunk, boolean copied, Buffer bytes) {
    inFlight--;
    // Queue the chunks that waited for these bytes before telling the owner: a pump it causes must
    // not see nothing in flight and nothing queued while they are still parked (allFetched too
    // soon).
    local.verified(chunk, copied).forEach(queue::add);
    owner.chunkVerified(chunk, bytes);
    pump();
  }

  private void rejected(int chunk, String reason) {
    owner.chunkRejected(chunk, reason);
    int attempts = queue.rejected(chunk);
    if (attempts >= options.maxAttemptsPerChunk()) {
      owner.stop(
          new TransferFailedException(
              TransferFailedException.Reason.CORRUPT,
              "chunk " + chunk + " failed verification " + attempts + " times (" + reason + ")"));
      return;
    }
    again(chunk);
  }

  private void readFailed(int chunk, Throwable cause) {
    FileChangedException changed = Failures.changed(cause);
    if (changed != null) {
      owner.stop(changed); // the caller decides between starting over and giving up
      return;
    }
    int attempts = queue.readFailed(chunk);
    if (attempts >= options.maxAttemptsPerChunk()) {
      owner.stop(
          new TransferFailedException(
              TransferFailedException.Reason.UNREADABLE,
              "chunk "
                  + chunk
                  + " could not be read after "
                  + attempts
                  + " attempts: "
                  + Failures.describe(cause),
              cause));
      return;
    }
    vertx.setTimer(
        FetchQueue.backoffMillis(attempts),
        id ->
            owner.onContext(
                () -> {
                  if (!owner.stopping()) {
                    again(chunk);
                  }
                }));
  }

  /** Reads a chunk again in the slot it already holds, unless paused: then it waits its turn. */
  private void again(int chunk) {
    if (paused) {
      inFlight--;
      queue.add(chunk);
      pump();
    } else {
      read(chunk);
    }
  }
}
