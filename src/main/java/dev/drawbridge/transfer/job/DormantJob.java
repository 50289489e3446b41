package dev.drawbridge.transfer.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A job that is not running in this peer right now (paused before a restart, finished, or parked on
 * paused files): the owner's per-file and job-level actions go straight to its history, and a job
 * that has something to do again is launched. Reads block (SQLite): call from a worker thread.
 */
final class DormantJob {
  private final Transfers owner;
  private final JobRow row;
  private final Map<String, LatestState> latest;

  private DormantJob(Transfers owner, JobRow row, Map<String, LatestState> latest) {
    this.owner = owner;
    this.row = row;
    this.latest = latest;
  }

  /** The job as its history left it, or null when there is no such job. */
  static DormantJob load(Transfers owner, String transferId) {
    JobRow t = owner.store().job(transferId).orElse(null);
    return t == null ? null : new DormantJob(owner, t, owner.store().latest(transferId));
  }

  /** The latest state of one file (queued when the history has none yet). */
  State fileState(String fileId) {
    LatestState s = latest.get(fileId);
    return s == null ? State.QUEUED : s.value();
  }

  private State jobState() {
    LatestState s = latest.get(null);
    return s == null ? State.QUEUED : s.value();
  }

  /**
   * Finished, or waiting only for paused files: a change to one file needs the job running again.
   */
  private boolean needsLaunch() {
    return jobState().isFinal() || FileHolds.isParked(latest.get(null));
  }

  private JobFile file(String fileId) {
    return owner.store().file(row.id, fileId);
  }

  FileOutcome pauseFile(String fileId) {
    JobFile f = file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    State s = fileState(fileId);
    if (s == State.PAUSED) {
      return FileOutcome.OK;
    }
    if (jobState() == State.CANCELED || s.isFinal()) {
      return FileOutcome.conflict("the file is no longer in progress");
    }
    owner.tools().record(row.id, fileId, f.relativePath, State.PAUSED, null);
    return FileOutcome.OK;
  }

  FileOutcome resumeFile(String fileId) {
    JobFile f = file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    if (jobState() == State.CANCELED) {
      return FileOutcome.conflict("the transfer was canceled; start a new download");
    }
    State s = fileState(fileId);
    if (s == State.COMPLETED) {
      return FileOutcome.conflict("the file is already complete");
    }
    if (s == State.PAUSED || s.isFinal()) {
      owner.tools().record(row.id, fileId, f.relativePath, State.QUEUED, null);
      // A job the owner paused stays paused: the file runs when the job is resumed.
      if (needsLaunch()) {
        owner.launch(row);
      }
    }
    return FileOutcome.OK;
  }

  FileOutcome cancelFile(String fileId) {
    JobFile f = file(fileId);
    if (f == null) {
      return FileOutcome.notFound();
    }
    State s = fileState(fileId);
    if (s == State.CANCELED || jobState() == State.CANCELED) {
      return FileOutcome.OK;
    }
    if (s == State.COMPLETED) {
      return FileOutcome.conflict("the file is already complete");
    }
    owner.tools().record(row.id, fileId, f.relativePath, State.CANCELED, null);
    owner
        .tools()
        .write(
            () -> {
              try {
                owner.tools().discard(row, f);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    if (needsLaunch()) {
      owner.launch(row); // so the job finishes again, now counting this file as canceled
    }
    return FileOutcome.OK;
  }

  /**
   * Job resume of a job parked on paused files (before a restart): those files are what it means.
   */
  void requeueIfParked() {
    if (!FileHolds.isParked(latest.get(null))) {
      return;
    }
    for (JobFile f : files()) {
      if (fileState(f.id) == State.PAUSED) {
        owner.tools().record(row.id, f.id, f.relativePath, State.QUEUED, null);
      }
    }
  }

  /**
   * Job cancel of a job not running here (paused before a restart): no partial file stays behind.
   */
  boolean cancel() {
    if (jobState().isFinal()) {
      return false;
    }
    owner.tools().record(row.id, null, null, State.CANCELED, null);
    List<JobFile> files = files();
    owner
        .tools()
        .write(
            () -> {
              for (JobFile f : files) {
                try {
                  owner.tools().deletePartial(row, f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
    return true;
  }

  private List<JobFile> files() {
    return owner.store().files(row.id);
  }
}
