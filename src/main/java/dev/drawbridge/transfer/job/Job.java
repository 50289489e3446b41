package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.transfer.LocalCopies;
import dev.drawbridge.transfer.failure.Failures;
import dev.drawbridge.transfer.failure.TransferFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one download or upload job (uploads: {@link UploadRuns}): lists a folder's files once (kept
 * in the store), then downloads the files that are not finished, a few at a time. A file whose peer
 * is unreachable waits and is retried with backoff (and at once on "refresh network"); a file that
 * changed on the host restarts once, then fails explicitly; nothing unverified is ever placed under
 * its final name.
 *
 * <p>One owner: the job's state lives on one Vert.x context, captured at creation. Every command
 * (pause, resume, cancel, per-file actions, poke, a file finished or failed, a batch done) is
 * posted to it, so nothing here is touched by two threads and nothing needs a lock.
 */
final class Job {
  private static final Logger LOG = Logger.getLogger(Job.class);
  static final int FILES_IN_FLIGHT = 4;

  /**
   * Upload files in flight: with the batches, within the host's default of 4 bodies per peer
   * (upload.PeerLimits) so nothing waits on 429s.
   */
  static final int UPLOADS_IN_FLIGHT = 2;

  /** Batches of small files in flight: one being written while the next streams in. */
  static final int BATCHES_IN_FLIGHT = 2;

  static final long FIRST_BACKOFF_MS = 2000;

  /** Upload batches started by this run of the job (the first is small). */
  private int uploadBatches;

  static final long MAX_BACKOFF_MS = 60_000;

  final String id;
  final String peerId;
  final JobRow row;
  final JobTools tools;
  final PeerId peer;

  /** Names the peer and the folder in what the owner reads about failures. */
  final Failures.Where where;

  private final Context context;

  /** Chunks this job's downloads may copy instead of fetching (dedup), shared by its files. */
  final LocalCopies copies;

  // ---- touched on the job's context only ----
  final JobQueue queue = new JobQueue();
  final Map<String, RunningFile> running = new HashMap<>();
  final Set<String> restartedOnce = new HashSet<>();
  final FileHolds holds = new FileHolds();
  final Progress progress = new Progress();

  /** The owner's per-file pause, resume and cancel. */
  final FileSteering files = new FileSteering(this);

  final FileRuns runs = new FileRuns(this);

  /** Upload jobs start their files here instead (see {@link Direction}). */
  final UploadRuns uploads = new UploadRuns(this);

  String parkedAs; // job-level detail while only individually paused files are left
  boolean paused;
  boolean canceled;
  boolean waiting;
  int failures;
  long backoffMs = FIRST_BACKOFF_MS;
  private long retryTimer = -1;
  private Runnable
      retryAction; // what the retry timer (or a refresh) runs: listing again, or the pump

  Job(JobTools tools, JobRow row) {
    this.tools = tools;
    this.row = row;
    this.id = row.id;
    this.peerId = row.peerId;
    this.peer = PeerId.parse(row.peerId);
    this.where =
        new Failures.Where(
            DisplayName.of(peer), Path.of(row.upload() ? row.source : row.destination));
    this.copies = tools.localCopies(row.peerId);
    // The context the job was created on (a fresh event-loop context when created off Vert.x
    // threads).
    this.context = tools.vertx().getOrCreateContext();
  }

  // ---- commands: any thread; each runs on the job's context ----

  /** Lists (if needed) and starts downloading; safe to call again after a wait. */
  void run() {
    onContext(this::load);
  }

  void pause() {
    onContext(
        () -> {
          paused = true;
          List.copyOf(running.values()).forEach(RunningFile::pause);
          queue
              .batches()
              .forEach(RunningBatch::cancel); // files not yet written come back to the queue
          tools.record(id, null, null, State.PAUSED, null);
        });
  }

  /** Resumes paused downloads in place (no reconnect needed), or the individually paused files. */
  void resume() {
    onContext(
        () -> {
          if (paused) {
            paused = false;
            List.copyOf(running.values()).forEach(RunningFile::resume);
            tools.record(id, null, null, State.STARTED, null);
            pump();
          } else if (parkedAs != null) {
            files.resumePausedFiles(); // only individually paused files are left: resuming the job
            // means them
          }
        });
  }

  /** Stops everything; partial files go, including those of files that were not running. */
  void cancel() {
    onContext(
        () -> {
          if (canceled) {
            return;
          }
          canceled = true;
          cancelRetry();
          // A copy: a download may end at once, and its ending (on this context) leaves the map.
          List.copyOf(running.values()).forEach(RunningFile::cancel);
          queue.batches().forEach(RunningBatch::cancel);
          tools.record(id, null, null, State.CANCELED, null);
          files.discardPartials();
          tools.finished(this);
        });
  }

  /** "Refresh network": stop waiting, try now. */
  void poke() {
    onContext(
        () -> {
          if (retryTimer >= 0) {
            Runnable action = retryAction;
            cancelRetry();
            backoffMs = FIRST_BACKOFF_MS;
            action.run();
          }
        });
  }

  /** Samples the speed; {@code publish} gets the progress when something changed. */
  void sample(long now, Consumer<Progress.Sample> publish) {
    onContext(
        () -> {
          if (progress.sample(now)) {
            publish.accept(progress.current());
          }
        });
  }

  /** A per-file command, answered on the job's context. */
  <T> Future<T> ask(Supplier<T> command) {
    Promise<T> answer = Promise.promise();
    onContext(() -> answer.complete(command.get()));
    return answer.future();
  }

  /** Bytes verified so far: for the job list, read from any thread. */
  long bytesDone() {
    return progress.doneSoFar();
  }

  // ---- on the job's context ----

  Progress.Sample progress() {
    return progress.current();
  }

  /**
   * Pumps once the current command is done (a command never starts files in the middle of itself).
   */
  void pumpSoon() {
    context.runOnContext(v -> pump());
  }

  /**
   * Runs {@code action} on the job's context: at once when already there, else posted. A blocking
   * request handler can see the job's context as current on a worker thread (a job created there
   * captures the request's context): that is not the job's thread, so the action is posted too.
   */
  void onContext(Runnable action) {
    if (Vertx.currentContext() == context && Context.isOnEventLoopThread()) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void load() {
    if (canceled) {
      return;
    }
    paused = false;
    tools.record(id, null, null, State.STARTED, null);
    tools
        .load(row, peer)
        .onComplete(
            ar ->
                onContext(
                    () -> {
                      if (canceled) {
                        return;
                      }
                      if (ar.failed()) {
                        failJobOrWait(ar.cause());
                        return;
                      }
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
                        } else if (!st.isFinal()
                            && !running.containsKey(f.id)
                            && !queue.inBatch(f)) {
                          queue.add(f);
                        }
                      }
                      pump();
                    }));
  }

  /** Starts what fits in flight, or finishes the job when nothing is left to do. */
  void pump() {
    // While waiting for the peer, nothing starts until the retry timer (or a refresh) fires.
    boolean go = !paused && !canceled && retryTimer < 0;
    while (go && queue.batches().size() < BATCHES_IN_FLIGHT && queue.hasSmall()) {
      if (row.upload()) {
        // The first batch is small, so the first files land while the big ones are read.
        int max = uploadBatches++ == 0 ? UploadBatchRun.FIRST_FILES : UploadBatchRun.MAX_FILES;
        uploads.batch(queue.nextBatch(max, UploadBatchRun.MAX_BYTES));
      } else {
        runs.batch(queue.nextBatch(BatchRun.MAX_FILES, BatchRun.MAX_BYTES));
      }
    }
    int inFlight = row.upload() ? UPLOADS_IN_FLIGHT : FILES_IN_FLIGHT;
    while (go && running.size() < inFlight && queue.hasChunked()) {
      if (row.upload()) {
        uploads.send(queue.nextChunked());
      } else {
        runs.download(queue.nextChunked());
      }
    }
    if (running.isEmpty()
        && queue.batches().isEmpty()
        && queue.isEmpty()
        && !paused
        && !canceled
        && retryTimer < 0) {
      finish();
    }
  }

  private void failJobOrWait(Throwable e) {
    TransferFailure failure = Failures.classify(e, where);
    LOG.infof("transfer %s could not list its files: %s (%s)", id, failure, Failures.technical(e));
    if (!failure.retryable()) {
      tools.record(id, null, null, State.FAILED, failure.sentence());
      tools.finished(this);
    } else {
      tools.record(id, null, null, State.WAITING, failure.sentence());
      retryLater(this::load);
    }
  }

  void retryLater(Runnable then) {
    if (retryTimer >= 0 || canceled) {
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    retryAction = then;
    retryTimer =
        tools
            .vertx()
            .setTimer(
                delay,
                t ->
                    onContext(
                        () -> {
                          retryTimer = -1;
                          then.run();
                        }));
    LOG.infof("transfer %s waits %d ms for the peer", id, delay);
  }

  private void cancelRetry() {
    if (retryTimer >= 0) {
      tools.vertx().cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  private void finish() {
    if (files.parkOnPausedFiles()) {
      return;
    }
    tools.record(
        id, null, null, failures == 0 ? State.COMPLETED : State.FAILED, holds.outcome(failures));
    tools.finished(this);
  }
}
