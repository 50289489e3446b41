package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.FileBatch;
import dev.drawbridge.transfer.FileChangedException;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.LocalCopies;
import dev.drawbridge.transfer.Placement;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
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
  private final Transfers owner;
  private final Transfer row;
  private final PeerId peer;
  private final Deque<TransferFile> queue = new ArrayDeque<>();
  private final Deque<TransferFile> smallQueue = new ArrayDeque<>();
  private final Set<BatchRun> batches = ConcurrentHashMap.newKeySet();
  // Files a batch handed back (changed, grew, failed verification): the chunked path takes them.
  private final Set<String> chunkedOnly = ConcurrentHashMap.newKeySet();
  private final Map<String, FileDownload> running = new ConcurrentHashMap<>();
  private final Set<String> restartedOnce = ConcurrentHashMap.newKeySet();
  private final FileHolds holds = new FileHolds();
  private volatile String parkedAs; // job-level detail while only individually paused files are left
  final Progress progress = new Progress();
  /** Chunks this job's downloads may copy instead of fetching (dedup), shared by its files. */
  final LocalCopies copies;
  private volatile boolean paused;
  private volatile boolean canceled;
  private volatile boolean waiting;
  private int failures;
  private long backoffMs = 2000;
  private long retryTimer = -1;

  Job(Transfers owner, Transfer row) {
    this.owner = owner;
    this.row = row;
    this.id = row.id;
    this.peerId = row.peerId;
    this.peer = PeerId.parse(row.peerId);
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
        smallQueue.clear();
        Map<String, TransferState> latest = ar.result().latest();
        failures = 0;
        for (TransferFile f : ar.result().files()) {
          TransferState s = latest.get(f.id);
          State st = s == null ? State.QUEUED : State.of(s.state);
          progress.file(f.id, f.size, st == State.COMPLETED ? f.size : f.bytesDone);
          if (heldOnLoad(f, st)) {
            continue;
          }
          if (st == State.FAILED || st == State.REJECTED) {
            failures++;
          } else if (!st.isFinal() && !running.containsKey(f.id) && !inBatch(f)) {
            requeue(f);
          }
        }
      }
      pump();
    });
  }

  /** Small files not yet touched travel in batches; everything else by chunks. */
  private synchronized void requeue(TransferFile f) {
    if (BatchRun.fits(f) && !chunkedOnly.contains(f.id)) {
      smallQueue.add(f);
    } else {
      queue.add(f);
    }
  }

  private boolean inBatch(TransferFile f) {
    return batches.stream().anyMatch(b -> b.holds(f.id));
  }

  private void pump() {
    List<TransferFile> toStart = new java.util.ArrayList<>();
    List<List<TransferFile>> toBatch = new java.util.ArrayList<>();
    synchronized (this) {
      // While waiting for the peer, nothing starts until the retry timer (or a refresh) fires.
      boolean go = !paused && !canceled && retryTimer < 0;
      while (go && batches.size() + toBatch.size() < BATCHES_IN_FLIGHT && !smallQueue.isEmpty()) {
        toBatch.add(nextBatch());
      }
      while (go && running.size() + toStart.size() < FILES_IN_FLIGHT && !queue.isEmpty()) {
        toStart.add(queue.poll());
      }
      if (toStart.isEmpty() && toBatch.isEmpty() && running.isEmpty() && batches.isEmpty() && queue.isEmpty()
          && smallQueue.isEmpty() && !paused && !canceled && retryTimer < 0) {
        finish();
        return;
      }
    }
    toBatch.forEach(this::batch);
    toStart.forEach(this::download);
  }

  private List<TransferFile> nextBatch() {
    List<TransferFile> out = new java.util.ArrayList<>();
    long bytes = 0;
    while (!smallQueue.isEmpty() && out.size() < BatchRun.MAX_FILES
        && (out.isEmpty() || bytes + smallQueue.peek().size <= BatchRun.MAX_BYTES)) {
      TransferFile f = smallQueue.poll();
      bytes += f.size;
      out.add(f);
    }
    return out;
  }

  private void batch(List<TransferFile> files) {
    BatchRun run = new BatchRun(owner, id, files, progress);
    batches.add(run);
    Map<String, TransferFile> byId = new java.util.HashMap<>();
    files.forEach(f -> byId.put(f.id, f));
    run.run(owner.newBatchSource(peer, row.shareName), f -> {
      Target t = target(f);
      return new FileBatch.Item(f.id, f.remotePath, t.folder(), t.name(), origin(f));
    }).onComplete(ar -> {
      batches.remove(run);
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
  private void batchLeftover(TransferFile f, FileBatch.Outcome o) {
    if (o instanceof FileBatch.Outcome.Chunked c) {
      chunkedOnly.add(f.id);
      if (stoppedOnPurpose(f)) {
        return;
      }
      LOG.debugf("%s goes by chunks: %s", f.relativePath, c.reason());
      requeue(f);
    } else if (o instanceof FileBatch.Outcome.Refused r) {
      fileFailed(f, new dev.drawbridge.transfer.TransferFailedException(r.reason()));
    } else if (o instanceof FileBatch.Outcome.Retry r) {
      fileFailed(f, r.cause());
    } else if (o instanceof FileBatch.Outcome.Disk d) {
      fileFailed(f, d.cause());
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

  private Target target(TransferFile f) {
    List<String> parts = List.of(f.relativePath.split("/"));
    Path folder = Path.of(row.destination);
    for (String p : parts.subList(0, parts.size() - 1)) {
      folder = folder.resolve(p);
    }
    return new Target(folder, parts.get(parts.size() - 1));
  }

  private void download(TransferFile f) {
    Target t = target(f);
    Path target = t.folder();
    String name = t.name();
    SharePath remote;
    try {
      remote = SharePath.parse(f.remotePath);
    } catch (dev.drawbridge.share.BadPathException e) {
      fileFailed(f, new dev.drawbridge.transfer.TransferFailedException(e.getMessage()));
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

  private void fileFailed(TransferFile f, Throwable e) {
    if (stoppedOnPurpose(f)) {
      return; // the owner paused or canceled this file: its state is recorded already
    }
    if (e instanceof CancellationException && !paused || canceled) {
      return; // cancel already recorded the state
    }
    if (paused) {
      requeue(f); // picked up again on resume
      return;
    }
    String diskProblem = diskProblem(e);
    if (diskProblem != null) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, diskProblem);
    } else if (e instanceof FileChangedException && restartedOnce.add(f.id)) {
      LOG.infof("%s changed on the host; restarting it from zero", f.relativePath);
      queue.addFirst(f);
    } else if (e instanceof FileChangedException) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, "the file kept changing on the host during the transfer");
    } else if (e instanceof PeerApiException p && p.status() / 100 == 4) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, p.getMessage());
    } else if (e instanceof dev.drawbridge.transfer.TransferFailedException && !isNetwork(e)) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, e.getMessage());
    } else {
      owner.record(id, f.id, f.relativePath, State.WAITING, e.getMessage());
      if (!waiting) {
        waiting = true;
        owner.record(id, null, null, State.WAITING, "waiting for the peer: " + e.getMessage());
      }
      requeue(f);
      scheduleRetry();
    }
  }

  /** A full or unwritable disk is not going to fix itself by waiting: say so and stop. */
  private String diskProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.startsWith("not enough disk space")) {
        return m;
      }
      if (m.contains("No space left")) {
        return "not enough disk space in " + row.destination;
      }
      if (m.startsWith("could not write") || t instanceof java.nio.file.AccessDeniedException
          || m.contains("Read-only file system")) {
        return "cannot write to " + row.destination + ": " + m;
      }
    }
    return null;
  }

  /** The peer went away (or never answered): worth waiting for; anything else is final. */
  private static boolean isNetwork(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.drawbridge.mesh.PeerUnreachableException) {
        return true;
      }
    }
    String m = String.valueOf(e.getMessage());
    return m.contains("could not be read") || m.contains("unreachable");
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
    if (e instanceof dev.drawbridge.transfer.TransferFailedException || e instanceof PeerApiException) {
      owner.record(id, null, null, State.FAILED, e.getMessage());
      owner.finished(this);
    } else {
      owner.record(id, null, null, State.WAITING, e.getMessage());
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
    if (parkOnPausedFiles()) {
      return;
    }
    owner.record(id, null, null, failures == 0 ? State.COMPLETED : State.FAILED, holds.outcome(failures));
    owner.finished(this);
  }

  synchronized void pause() {
    paused = true;
    running.values().forEach(FileDownload::pause);
    batches.forEach(BatchRun::cancel); // files not yet written come back to the queue
    owner.record(id, null, null, State.PAUSED, null);
  }

  synchronized void cancel() {
    canceled = true;
    if (retryTimer >= 0) {
      owner.vertx().cancelTimer(retryTimer);
    }
    running.values().forEach(FileDownload::cancel);
    batches.forEach(BatchRun::cancel);
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

  // ---- one file at a time: the owner's per-file pause / resume / cancel (see docs/api.md) ----

  /** A file the owner paused or canceled before (history's latest state) is not queued again. */
  private boolean heldOnLoad(TransferFile f, State st) {
    holds.known(f);
    if (st == State.PAUSED) {
      holds.pause(f.id);
      return true;
    }
    if (st == State.CANCELED) {
      holds.cancel(f.id);
      progress.file(f.id, 0, 0); // a canceled file no longer counts towards the job's size
      return true;
    }
    return false;
  }

  /** True once the files are listed (before that, nothing can be done to one file). */
  boolean knowsFiles() {
    return holds.any();
  }

  boolean isParked() {
    return parkedAs != null;
  }

  /**
   * Pauses one file: a running download stops and keeps its verified chunks (also across a
   * restart: the history says paused), a queued one leaves the queue. Job pause and resume leave it
   * paused; only resuming the file (or the job, once nothing else is left) starts it again.
   */
  synchronized FileOutcome pauseFile(String fileId) {
    TransferFile f = holds.file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    if (holds.isPaused(fileId)) {
      return FileOutcome.OK;
    }
    if (holds.isCanceled(fileId)) {
      return FileOutcome.conflict("the file was canceled; resume it to download it again");
    }
    FileDownload d = running.get(fileId);
    boolean queued = queue.remove(f) | smallQueue.remove(f) | inBatch(f); // a batch's file: "completed" may still win
    if (d == null && !queued) {
      return FileOutcome.conflict("the file is no longer in progress");
    }
    holds.pause(fileId);
    owner.record(id, fileId, f.relativePath, State.PAUSED, null);
    if (d != null) {
      d.halt(); // its slot frees once it has stopped; fileFailed() then starts the next file
    } else {
      pumpSoon();
    }
    return FileOutcome.OK;
  }

  /**
   * Resumes a paused file from its verified chunks, or retries a canceled or failed one from
   * scratch. {@code last} is the file's latest state in the history.
   */
  synchronized FileOutcome resumeFile(String fileId, State last) {
    TransferFile f = holds.file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    boolean wasPaused = holds.unpause(fileId);
    boolean wasCanceled = holds.uncancel(fileId);
    boolean active = running.containsKey(fileId) || queue.contains(f) || smallQueue.contains(f) || inBatch(f);
    boolean wasFailed = !wasPaused && !wasCanceled && !active && (last == State.FAILED || last == State.REJECTED);
    if (!wasPaused && !wasCanceled && !wasFailed) {
      return active ? FileOutcome.OK : FileOutcome.conflict("the file is already complete");
    }
    if (wasFailed) {
      failures--;
      restartedOnce.remove(fileId);
    }
    progress.file(f.id, f.size, f.bytesDone);
    owner.record(id, fileId, f.relativePath, State.QUEUED, null);
    if (parkedAs != null && !paused) {
      parkedAs = null;
      owner.record(id, null, null, State.STARTED, null);
    }
    if (running.containsKey(fileId) || inBatch(f)) {
      holds.requeueWhenStopped(fileId); // paused a moment ago: its download is still stopping
    } else {
      requeue(f);
    }
    pumpSoon();
    return FileOutcome.OK;
  }

  /**
   * Cancels one file: its download stops, its partial file is deleted and its chunks forgotten,
   * and the job completes with the others. Resuming it later starts it from scratch.
   */
  synchronized FileOutcome cancelFile(String fileId, State last) {
    TransferFile f = holds.file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    if (holds.isCanceled(fileId)) {
      return FileOutcome.OK;
    }
    FileDownload d = running.get(fileId);
    boolean queued = queue.remove(f) | smallQueue.remove(f) | inBatch(f);
    boolean wasPaused = holds.unpause(fileId);
    boolean wasFailed = d == null && !queued && !wasPaused && (last == State.FAILED || last == State.REJECTED);
    if (d == null && !queued && !wasPaused && !wasFailed) {
      return FileOutcome.conflict("the file is already complete");
    }
    if (wasFailed) {
      failures--;
    }
    holds.cancel(fileId);
    progress.file(fileId, 0, 0);
    owner.record(id, fileId, f.relativePath, State.CANCELED, null);
    if (d != null) {
      d.cancel(); // deletes the partial file; stoppedOnPurpose() makes sure once it has stopped
    } else {
      owner.blocking(() -> {
        FileHolds.discard(row.destination, f);
        return null;
      }).onComplete(ar -> pump());
    }
    return FileOutcome.OK;
  }

  /** Job resume while only individually paused files are left: resuming the job means them. */
  synchronized void resumePausedFiles() {
    for (String fileId : holds.paused()) {
      resumeFile(fileId, State.PAUSED);
    }
  }

  /** After a job cancel: partial files of files that were not running (paused, waiting) go too. */
  void discardPartials() {
    owner.blocking(() -> {
      for (TransferFile f : holds.files()) {
        if (!running.containsKey(f.id)) {
          FileHolds.deletePartial(row.destination, f);
        }
      }
      return null;
    });
  }

  /** A download the owner stopped ended: nothing failed, but a canceled file's leftovers go. */
  private boolean stoppedOnPurpose(TransferFile f) {
    if (holds.isCanceled(f.id)) {
      owner.blocking(() -> {
        FileHolds.discard(row.destination, f);
        return null;
      });
      return true;
    }
    if (holds.takeRequeue(f.id)) {
      requeue(f); // resumed while it was stopping; the pump that follows starts it again
      return true;
    }
    return holds.isPaused(f.id);
  }

  /** Waits for the job's last files only while the owner paused them; records "paused: N files". */
  private boolean parkOnPausedFiles() {
    int n = holds.pausedCount();
    parkedAs = n == 0 ? null : FileHolds.parkedDetail(n);
    if (parkedAs != null) {
      owner.record(id, null, null, State.PAUSED, parkedAs);
    }
    return parkedAs != null;
  }

  private void pumpSoon() {
    owner.vertx().runOnContext(v -> pump());
  }

  private String origin(TransferFile f) {
    return "drawbridge://" + row.peerId + "/" + row.shareName + "/" + f.remotePath;
  }
}
