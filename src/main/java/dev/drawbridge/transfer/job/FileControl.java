package dev.drawbridge.transfer.job;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The owner's pause, resume and cancel of one file of a job: a running job acts at once (see {@link
 * FileSteering#pauseFile}, on the job's own context), a dormant one records the change in its
 * history ({@link DormantJob}). Blocks briefly (SQLite, and the job's answer): call it from a
 * worker thread, as the local API and UI do, never from an event loop.
 */
public final class FileControl {
  /** A job answers within microseconds unless its event loop is stuck; then the caller hears so. */
  private static final long ANSWER_SECONDS = 10;

  private final Transfers transfers;

  public FileControl(Transfers transfers) {
    this.transfers = transfers;
  }

  public FileOutcome pause(String transferId, String fileId) {
    return act(
        transferId,
        fileId,
        (job, last) -> job.files.pauseFile(fileId),
        dormant -> dormant.pauseFile(fileId));
  }

  public FileOutcome resume(String transferId, String fileId) {
    return act(
        transferId,
        fileId,
        (job, last) -> job.files.resumeFile(fileId, last),
        dormant -> dormant.resumeFile(fileId));
  }

  public FileOutcome cancel(String transferId, String fileId) {
    return act(
        transferId,
        fileId,
        (job, last) -> job.files.cancelFile(fileId, last),
        dormant -> dormant.cancelFile(fileId));
  }

  private interface Running {
    FileOutcome on(Job job, State last);
  }

  private interface Dormant {
    FileOutcome on(DormantJob job);
  }

  private FileOutcome act(String transferId, String fileId, Running running, Dormant dormant) {
    DormantJob history = DormantJob.load(transfers, transferId);
    if (history == null) {
      return new FileOutcome(404, "no such transfer");
    }
    Job job = transfers.job(transferId);
    if (job == null) {
      return dormant.on(history);
    }
    State last = history.fileState(fileId);
    Future<FileOutcome> answer =
        job.ask(
            () ->
                job.files.knowsFiles()
                    ? running.on(job, last)
                    : FileOutcome.conflict(
                        "the transfer is still listing its files; try again in a moment"));
    try {
      return answer.toCompletionStage().toCompletableFuture().get(ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the transfer did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
