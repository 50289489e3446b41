package dev.drawbridge.transfer.job;

/**
 * The owner's pause, resume and cancel of one file of a job: a running job acts at once (see
 * {@link FileSteering#pauseFile}), a dormant one records the change in its history ({@link DormantJob}).
 * Blocks briefly on SQLite: call it from a worker thread, as the local API and UI do.
 */
public final class FileControl {
  private final Transfers transfers;

  public FileControl(Transfers transfers) {
    this.transfers = transfers;
  }

  public FileOutcome pause(String transferId, String fileId) {
    return act(transferId, fileId, (job, last) -> job.files.pauseFile(fileId), dormant -> dormant.pauseFile(fileId));
  }

  public FileOutcome resume(String transferId, String fileId) {
    return act(transferId, fileId, (job, last) -> job.files.resumeFile(fileId, last), dormant -> dormant.resumeFile(fileId));
  }

  public FileOutcome cancel(String transferId, String fileId) {
    return act(transferId, fileId, (job, last) -> job.files.cancelFile(fileId, last), dormant -> dormant.cancelFile(fileId));
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
    if (!job.files.knowsFiles()) {
      return FileOutcome.conflict("the transfer is still listing its files; try again in a moment");
    }
    return running.on(job, history.fileState(fileId));
  }
}
