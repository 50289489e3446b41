package dev.drawbridge.transfer.job;

import java.util.List;

/**
 * The owner's hand on one file of a running {@link Job}: pause, resume, cancel (see docs/api.md),
 * and what those leave behind when the file's download ends or the job is loaded again. Runs on the
 * job's context, like the job itself.
 */
final class FileSteering {
  private final Job job;

  FileSteering(Job job) {
    this.job = job;
  }

  /** A file the owner paused or canceled before (history's latest state) is not queued again. */
  boolean heldOnLoad(JobFile f, State st) {
    job.holds.known(f);
    if (st == State.PAUSED) {
      job.holds.pause(f.id);
      return true;
    }
    if (st == State.CANCELED) {
      job.holds.cancel(f.id);
      job.progress.file(f.id, 0, 0); // a canceled file no longer counts towards the job's size
      return true;
    }
    return false;
  }

  /** True once the files are listed (before that, nothing can be done to one file). */
  boolean knowsFiles() {
    return job.holds.any();
  }

  /**
   * Pauses one file: a running download stops and keeps its verified chunks (also across a restart:
   * the history says paused), a queued one leaves the queue. Job pause and resume leave it paused;
   * only resuming the file (or the job, once nothing else is left) starts it again.
   */
  FileOutcome pauseFile(String fileId) {
    JobFile f = job.holds.file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    if (job.holds.isPaused(fileId)) {
      return FileOutcome.OK;
    }
    if (job.holds.isCanceled(fileId)) {
      return FileOutcome.conflict("the file was canceled; resume it to download it again");
    }
    RunningFile d = job.running.get(fileId);
    boolean queued =
        job.queue.remove(f) | job.queue.inBatch(f); // a batch's file: "completed" may still win
    if (d == null && !queued) {
      return FileOutcome.conflict("the file is no longer in progress");
    }
    job.holds.pause(fileId);
    job.tools.record(job.id, fileId, f.relativePath, State.PAUSED, null);
    if (d != null) {
      d.halt(); // its slot frees once it has stopped; FileRuns.failed() then starts the next file
    } else {
      job.pumpSoon();
    }
    return FileOutcome.OK;
  }

  /**
   * Resumes a paused file from its verified chunks, or retries a canceled or failed one from
   * scratch. {@code last} is the file's latest state in the history.
   */
  FileOutcome resumeFile(String fileId, State last) {
    JobFile f = job.holds.file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    boolean wasPaused = job.holds.unpause(fileId);
    boolean wasCanceled = job.holds.uncancel(fileId);
    boolean active =
        job.running.containsKey(fileId) || job.queue.isQueued(f) || job.queue.inBatch(f);
    boolean wasFailed =
        !wasPaused && !wasCanceled && !active && (last == State.FAILED || last == State.REJECTED);
    if (!wasPaused && !wasCanceled && !wasFailed) {
      return active ? FileOutcome.OK : FileOutcome.conflict("the file is already complete");
    }
    if (wasFailed) {
      job.failures--;
      job.restartedOnce.remove(fileId);
    }
    job.progress.file(f.id, f.size, f.bytesDone);
    job.tools.record(job.id, fileId, f.relativePath, State.QUEUED, null);
    if (job.parkedAs != null && !job.paused) {
      job.parkedAs = null;
      job.tools.record(job.id, null, null, State.STARTED, null);
    }
    if (job.running.containsKey(fileId) || job.queue.inBatch(f)) {
      job.holds.requeueWhenStopped(fileId); // paused a moment ago: its download is still stopping
    } else {
      job.queue.add(f);
    }
    job.pumpSoon();
    return FileOutcome.OK;
  }

  /**
   * Cancels one file: its download stops, its partial file is deleted and its chunks forgotten, and
   * the job completes with the others. Resuming it later starts it from scratch.
   */
  FileOutcome cancelFile(String fileId, State last) {
    JobFile f = job.holds.file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    if (job.holds.isCanceled(fileId)) {
      return FileOutcome.OK;
    }
    RunningFile d = job.running.get(fileId);
    boolean queued = job.queue.remove(f) | job.queue.inBatch(f);
    boolean wasPaused = job.holds.unpause(fileId);
    boolean wasFailed =
        d == null && !queued && !wasPaused && (last == State.FAILED || last == State.REJECTED);
    if (d == null && !queued && !wasPaused && !wasFailed) {
      return FileOutcome.conflict("the file is already complete");
    }
    if (wasFailed) {
      job.failures--;
    }
    job.holds.cancel(fileId);
    job.progress.file(fileId, 0, 0);
    job.tools.record(job.id, fileId, f.relativePath, State.CANCELED, null);
    if (d != null) {
      d.cancel(); // deletes the partial file; stoppedOnPurpose() makes sure once it has stopped
    } else {
      job.tools
          .blocking(
              () -> {
                job.tools.discard(job.row, f);
                return null;
              })
          .onComplete(ar -> job.onContext(job::pump));
    }
    return FileOutcome.OK;
  }

  /** Job resume while only individually paused files are left: resuming the job means them. */
  void resumePausedFiles() {
    for (String fileId : job.holds.paused()) {
      resumeFile(fileId, State.PAUSED);
    }
  }

  /** After a job cancel: partial files of files that were not running (paused, waiting) go too. */
  void discardPartials() {
    List<JobFile> notRunning =
        job.holds.files().stream().filter(f -> !job.running.containsKey(f.id)).toList();
    job.tools.blocking(
        () -> {
          for (JobFile f : notRunning) {
            job.tools.deletePartial(job.row, f);
          }
          return null;
        });
  }

  /** A download the owner stopped ended: nothing failed, but a canceled file's leftovers go. */
  boolean stoppedOnPurpose(JobFile f) {
    if (job.holds.isCanceled(f.id)) {
      job.tools.blocking(
          () -> {
            job.tools.discard(job.row, f);
            return null;
          });
      return true;
    }
    if (job.holds.takeRequeue(f.id)) {
      job.queue.add(f); // resumed while it was stopping; the pump that follows starts it again
      return true;
    }
    return job.holds.isPaused(f.id);
  }

  /** Waits for the job's last files only while the owner paused them; records "paused: N files". */
  boolean parkOnPausedFiles() {
    int n = job.holds.pausedCount();
    job.parkedAs = n == 0 ? null : FileHolds.parkedDetail(n);
    if (job.parkedAs != null) {
      job.tools.record(job.id, null, null, State.PAUSED, job.parkedAs);
    }
    return job.parkedAs != null;
  }
}
