package dev.drawbridge.transfer.job;

/** A batch of a job's small files in flight: a download {@link BatchRun} or an upload one. */
interface RunningBatch {
  boolean holds(String fileId);

  /** Stops what it can; every file still comes back to the job through the batch's result. */
  void cancel();
}
