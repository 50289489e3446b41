package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.FileBatch;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.LocalCopies;
import dev.drawbridge.transfer.Placement;
import dev.drawbridge.transfer.TransferFailedException;
import dev.drawbridge.transfer.failure.Failures;
import dev.drawbridge.transfer.failure.KnownFailureException;
import dev.drawbridge.transfer.failure.TransferFailure;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs one download job: lists a folder's files once (kept in SQLite), then downloads the files
 * that are not finished, a few at a time. A file whose peer is unreachable waits and is retried
 * with backoff (and at once on "refresh network"); a file that changed on the host restarts once,
 * then fails explicitly; nothing unverified is ever placed under its final name.
 */
final class Job {
  private static final Logger LOG = Logger.getLogger(Job.class);
  static final int FILES_IN_FLIGHT = 4;
  /** Batches of small files in flight: one being written while the next streams in. */
  static final int BATCHES_IN_FLIGHT = 2;
  static final long MAX_BACKOFF_MS = 60_000;

  final String id;
  final String peerId;
  final Transfers owner;
  final JobRow row;
  private final PeerId peer;
  /** Names the peer and the folder in what the owner reads about failures. */
  private final Failures.Where where;
  final JobQueue queue = new JobQueue();
  final Map<String, FileDownload> running = new ConcurrentHashMap<>();
  final Set<String> restartedOnce = ConcurrentHashMap.newKeySet();
  final FileHolds holds = new FileHolds();
  volatile String parkedAs; // job-level detail while only individually paused files are left
  final Progress progress = new Progress();
  /** The owner's per-file pause, resume and cancel. */
  final FileSteering files = new FileSteering(this);
  /** Chunks this job's downloads may copy instead of fetching (dedup), shared by its files. */
  final LocalCopies copies;
  volatile boolean paused;
  private volatile boolean canceled;
  private volatile boolean waiting;
  int failures;
  private long backoffMs = 2000;
  private long retryTimer = -1;

  Job(Transfers owner, JobRow row) {
    this.owner = owner;
    this.row = row;
    this.id = row.id;
    this.peerId = row.peerId;
    this.peer = PeerId.parse(row.peerId);
    this.where = new Failures.Where(DisplayName.of(peer), Path.of(row.destination));
    this.copies = owner.localCopies(row.peerId);
  }

  /** Lists (if needed) and starts downloading; safe to call again after a pause or a wait. */
  synchronized void run() {
    if (canceled) {
      return;
    }
    paused = false;
    owner.record(id, null, null, State.STARTED, null);
    owner.load(row, peer).onComplete(ar -> {
      if (ar.failed()) {
        failJobOrWait(ar.cause());
        return;
      }
      synchronized (this) {
        queue.clear();
        Map<String, LatestState> latest = ar.result().latest();
        failures = 0;
        for (JobFile f : ar.result().files()) {
          LatestState s = latest.get(f.id);
          State st = s == null ? State.QUEUED : s.value();
          progress.file(f.id, f.size, st == State.COMPLETED ? f.size : f.bytesDone);
          if (files.heldOnLoad(f, st)) {
            continue;
          }
          if (st == State.FAILED || st == State.REJECTED) {
            failures++;
          } else if (!st.isFinal() && !running.containsKey(f.id) && !queue.inBatch(f)) {
            queue.add(f);
          }
        }
      }
      pump();
    });
  }

  void pump() {
    List<JobFile> toStart = new java.util.ArrayList<>();
    List<List<JobFile>> toBatch = new java.util.ArrayList<>();
    synchronized (this) {
      // While waiting for the peer, nothing starts until the retry timer (or a refresh) fires.
      boolean go = !paused && !canceled && retryTimer < 0;
      while (go && queue.batches().size() + toBatch.size() < BATCHES_IN_FLIGHT && queue.hasSmall()) {
        toBatch.add(queue.nextBatch());
      }
      while (go && running.size() + toStart.size() < FILES_IN_FLIGHT && queue.hasChunked()) {
        toStart.add(queue.nextChunked());
      }
      if (toStart.isEmpty() && toBatch.isEmpty() && running.isEmpty() && queue.batches().isEmpty() && queue.isEmpty()
          && !paused && !canceled && retryTimer < 0) {
        finish();
        return;
      }
    }
    toBatch.forEach(this::batch);
    toStart.forEach(this::download);
  }

  private void batch(List<JobFile> files) {
    BatchRun run = new BatchRun(owner, id, files, progress);
    queue.batches().add(run);
    Map<String, JobFile> byId = new java.util.HashMap<>();
    files.forEach(f -> byId.put(f.id, f));
    run.run(owner.newBatchSource(peer, row.shareName), f -> {
      Target t = target(f);
      return new FileBatch.Item(f.id, f.remotePath, t.folder(), t.name(), origin(f));
    }).onComplete(ar -> {
      queue.batches().remove(run);
      if (ar.failed()) { // not expected: a batch settles every file; be safe and retry them all
        files.forEach(f -> fileFailed(f, ar.cause()));
      } else {
        java.util.Set<String> left = new java.util.HashSet<>();
        ar.result().forEach(r -> left.add(r.item().id()));
        files.stream().filter(f -> !left.contains(f.id)).forEach(f -> holds.settled(f.id));
        if (left.size() < files.size()) {
          peerAnswered();
        }
        ar.result().forEach(r -> batchLeftover(byId.get(r.item().id()), r.outcome()));
      }
      pump();
    });
  }

  /** A file the batch did not place: chunked path, retry, or a failure like any other. */
  private void batchLeftover(JobFile f, FileBatch.Outcome o) {
    if (o instanceof FileBatch.Outcome.Chunked c) {
      queue.byChunks(f);
      if (files.stoppedOnPurpose(f)) {
        return;
      }
      LOG.debugf("%s goes by chunks: %s", f.relativePath, c.reason());
      queue.add(f);
    } else if (o instanceof FileBatch.Outcome.Refused r) {
      // not found, a folder, a bad path: for the owner, the host does not have that file any more
      fileFailed(f, new KnownFailureException(new TransferFailure.NotGranted(where.peerName(), 404), r.reason()));
    } else if (o instanceof FileBatch.Outcome.Retry r) {
      fileFailed(f, r.cause());
    } else if (o instanceof FileBatch.Outcome.Disk d) {
      // Whatever the file system said, waiting will not change it: a failure, with its words.
      fileFailed(f, new TransferFailedException(TransferFailedException.Reason.DISK,
          "could not write " + f.relativePath, d.cause()));
    }
  }

  /** Something arrived: the job is no longer waiting for its peer. */
  private void peerAnswered() {
    if (waiting) {
      waiting = false;
      owner.record(id, null, null, State.STARTED, null);
    }
    backoffMs = 2000;
  }

  private record Target(Path folder, String name) {}

  private Target target(JobFile f) {
    List<String> parts = List.of(f.relativePath.split("/"));
    Path folder = Path.of(row.destination);
    for (String p : parts.subList(0, parts.size() - 1)) {
      folder = folder.resolve(p);
    }
    return new Target(folder, parts.get(parts.size() - 1));
  }

  private void download(JobFile f) {
    Target t = target(f);
    Path target = t.folder();
    String name = t.name();
    SharePath remote;
    try {
      remote = SharePath.parse(f.remotePath);
    } catch (dev.drawbridge.share.BadPathException e) {
      fileFailed(f, new TransferFailedException(e.getMessage()));
      return;
    }
    FileDownload d = owner.newDownload(f, peer, row.shareName, remote, target,
        (bytes, size) -> progress.file(f.id, size, bytes));
    running.put(f.id, d);
    owner.record(id, f.id, f.relativePath, State.STARTED, null);
    d.start()
        .compose(v -> owner.blocking(() -> {
          owner.record(id, f.id, f.relativePath, State.VERIFIED, v.tally().describe());
          Path placed = Placement.place(v.partialFile(), target, name, origin(f), f.id);
          owner.placed(f.id, placed);
          owner.rememberPlaced(this, v, placed);
          return placed;
        }))
        .onComplete(ar -> {
          running.remove(f.id);
          if (ar.succeeded()) {
            holds.settled(f.id);
            peerAnswered();
            progress.file(f.id, f.size, f.size);
            owner.record(id, f.id, f.relativePath, State.COMPLETED, ar.result().toString());
          } else {
            fileFailed(f, ar.cause());
          }
          pump();
        });
  }

  private void fileFailed(JobFile f, Throwable e) {
    if (files.stoppedOnPurpose(f)) {
      return; // the owner paused or canceled this file: its state is recorded already
    }
    if (e instanceof CancellationException && !paused || canceled) {
      return; // cancel already recorded the state
    }
    if (paused) {
      queue.add(f); // picked up again on resume
      return;
    }
    TransferFailure failure = Failures.classify(e, where);
    LOG.infof("transfer %s, %s: %s (%s)", id, f.relativePath, failure, Failures.technical(e));
    if (failure instanceof TransferFailure.Changed changed) {
      if (restartedOnce.add(f.id)) {
        queue.first(f); // starts over at once, from zero
      } else {
        failures++;
        owner.record(id, f.id, f.relativePath, State.FAILED, changed.keptChanging());
      }
    } else if (!failure.retryable()) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, failure.sentence());
    } else {
      owner.record(id, f.id, f.relativePath, State.WAITING, failure.sentence());
      if (!waiting) {
        waiting = true;
        owner.record(id, null, null, State.WAITING, failure.sentence());
      }
      queue.add(f);
      scheduleRetry();
    }
  }

  private synchronized void scheduleRetry() {
    if (retryTimer >= 0 || canceled) {
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    retryTimer = owner.vertx().setTimer(delay, t -> {
      synchronized (this) {
        retryTimer = -1;
      }
      pump();
    });
    LOG.infof("transfer %s waits %d ms for the peer", id, delay);
  }

  /** "Refresh network": stop waiting, try now. */
  synchronized void poke() {
    if (retryTimer >= 0) {
      owner.vertx().cancelTimer(retryTimer);
      retryTimer = -1;
      backoffMs = 2000;
      owner.vertx().runOnContext(v -> pump());
    }
  }

  private void failJobOrWait(Throwable e) {
    TransferFailure failure = Failures.classify(e, where);
    LOG.infof("transfer %s could not list its files: %s (%s)", id, failure, Failures.technical(e));
    if (!failure.retryable()) {
      owner.record(id, null, null, State.FAILED, failure.sentence());
      owner.finished(this);
    } else {
      owner.record(id, null, null, State.WAITING, failure.sentence());
      synchronized (this) {
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        retryTimer = owner.vertx().setTimer(delay, t -> {
          synchronized (this) {
            retryTimer = -1;
          }
          run();
        });
      }
    }
  }

  private void finish() {
    if (files.parkOnPausedFiles()) {
      return;
    }
    owner.record(id, null, null, failures == 0 ? State.COMPLETED : State.FAILED, holds.outcome(failures));
    owner.finished(this);
  }

  synchronized void pause() {
    paused = true;
    running.values().forEach(FileDownload::pause);
    queue.batches().forEach(BatchRun::cancel); // files not yet written come back to the queue
    owner.record(id, null, null, State.PAUSED, null);
  }

  synchronized void cancel() {
    canceled = true;
    if (retryTimer >= 0) {
      owner.vertx().cancelTimer(retryTimer);
    }
    running.values().forEach(FileDownload::cancel);
    queue.batches().forEach(BatchRun::cancel);
    owner.record(id, null, null, State.CANCELED, null);
    owner.finished(this);
  }

  boolean isPaused() {
    return paused;
  }

  /** Resumes paused downloads in place (no reconnect needed), or restarts the pump. */
  synchronized void resume() {
    if (!paused) {
      return;
    }
    paused = false;
    running.values().forEach(FileDownload::resume);
    owner.record(id, null, null, State.STARTED, null);
    owner.vertx().runOnContext(v -> pump());
  }

  void pumpSoon() {
    owner.vertx().runOnContext(v -> pump());
  }

  private String origin(JobFile f) {
    return "drawbridge://" + row.peerId + "/" + row.shareName + "/" + f.remotePath;
  }
}
