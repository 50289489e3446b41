package dev.drawbridge.transfer.job;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.FileBatch;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.Placement;
import dev.drawbridge.transfer.TransferFailedException;
import dev.drawbridge.transfer.failure.Failures;
import dev.drawbridge.transfer.failure.KnownFailureException;
import dev.drawbridge.transfer.failure.TransferFailure;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Starts a {@link Job}'s files and settles them when they end: one file by chunks ({@link
 * FileDownload}, verified, then placed), or a batch of small files ({@link BatchRun}). Runs on the
 * job's context, like the job; every ending comes back to it before touching the job's state.
 */
final class FileRuns {
  private static final Logger LOG = Logger.getLogger(FileRuns.class);

  private final Job job;

  FileRuns(Job job) {
    this.job = job;
  }

  void batch(List<JobFile> files) {
    BatchRun run = new BatchRun(job.tools, job.id, files, job.progress, job::onContext);
    job.queue.batches().add(run);
    Map<String, JobFile> byId = files.stream().collect(Collectors.toMap(f -> f.id, f -> f));
    run.run(job.tools.batchSource(job.peer, job.row.shareName), item())
        .onComplete(
            ar ->
                job.onContext(
                    () -> {
                      job.queue.batches().remove(run);
                      if (ar.failed()) { // not expected: a batch settles every file; be safe and
                        // retry them all
                        files.forEach(f -> failed(f, ar.cause()));
                      } else {
                        Set<String> left = new HashSet<>();
                        ar.result().forEach(r -> left.add(r.item().id()));
                        files.stream()
                            .filter(f -> !left.contains(f.id))
                            .forEach(f -> job.holds.settled(f.id));
                        if (left.size() < files.size()) {
                          peerAnswered();
                        }
                        ar.result().forEach(r -> leftover(byId.get(r.item().id()), r.outcome()));
                      }
                      job.pump();
                    }));
  }

  private Function<JobFile, FileBatch.Item> item() {
    return f -> {
      Target t = target(f);
      return new FileBatch.Item(f.id, f.remotePath, t.folder(), t.name(), origin(f));
    };
  }

  /** A file the batch did not place: chunked path, retry, or a failure like any other. */
  private void leftover(JobFile f, FileBatch.Outcome o) {
    if (o instanceof FileBatch.Outcome.Chunked c) {
      job.queue.byChunks(f);
      if (job.files.stoppedOnPurpose(f)) {
        return;
      }
      LOG.debugf("%s goes by chunks: %s", f.relativePath, c.reason());
      job.queue.add(f);
    } else if (o instanceof FileBatch.Outcome.Refused r) {
      // not found, a folder, a bad path: for the owner, the host does not have that file any more
      failed(
          f,
          new KnownFailureException(
              new TransferFailure.NotGranted(job.where.peerName(), 404), r.reason()));
    } else if (o instanceof FileBatch.Outcome.Retry r) {
      failed(f, r.cause());
    } else if (o instanceof FileBatch.Outcome.Disk d) {
      // Whatever the file system said, waiting will not change it: a failure, with its words.
      failed(
          f,
          new TransferFailedException(
              TransferFailedException.Reason.DISK, "could not write " + f.relativePath, d.cause()));
    }
  }

  void download(JobFile f) {
    Target t = target(f);
    SharePath remote;
    try {
      remote = SharePath.parse(f.remotePath);
    } catch (BadPathException e) {
      failed(f, new TransferFailedException(e.getMessage()));
      return;
    }
    // Created on the job's context, the download runs there too: its callbacks need no hop.
    FileDownload d =
        job.tools.download(
            f,
            job.peer,
            job.row.shareName,
            remote,
            t.folder(),
            job.copies,
            (bytes, size) -> job.onContext(() -> job.progress.file(f.id, size, bytes)));
    job.running.put(f.id, RunningFile.of(d));
    job.tools.record(job.id, f.id, f.relativePath, State.STARTED, null);
    d.start()
        .compose(
            v ->
                job.tools.blocking(
                    () -> {
                      job.tools.record(
                          job.id, f.id, f.relativePath, State.VERIFIED, v.tally().describe());
                      Path placed =
                          Placement.place(v.partialFile(), t.folder(), t.name(), origin(f), f.id);
                      job.tools.placed(f.id, placed);
                      job.tools.rememberPlaced(job.peerId, job.copies, v, placed);
                      return placed;
                    }))
        .onComplete(
            ar ->
                job.onContext(
                    () -> {
                      job.running.remove(f.id);
                      if (ar.succeeded()) {
                        job.holds.settled(f.id);
                        peerAnswered();
                        job.progress.file(f.id, f.size, f.size);
                        job.tools.record(
                            job.id, f.id, f.relativePath, State.COMPLETED, ar.result().toString());
                      } else {
                        failed(f, ar.cause());
                      }
                      job.pump();
                    }));
  }

  /** Something arrived: the job is no longer waiting for its peer. */
  void peerAnswered() {
    if (job.waiting) {
      job.waiting = false;
      job.tools.record(job.id, null, null, State.STARTED, null);
    }
    job.backoffMs = Job.FIRST_BACKOFF_MS;
  }

  /**
   * A file's download or batch ended without placing it: wait and retry, restart, or record it
   * failed.
   */
  void failed(JobFile f, Throwable e) {
    if (job.files.stoppedOnPurpose(f)) {
      return; // the owner paused or canceled this file: its state is recorded already
    }
    if (e instanceof CancellationException && !job.paused || job.canceled) {
      return; // cancel already recorded the state
    }
    if (job.paused) {
      job.queue.add(f); // picked up again on resume
      return;
    }
    TransferFailure failure =
        job.row.upload() ? Failures.classifyUpload(e, job.where) : Failures.classify(e, job.where);
    LOG.infof("transfer %s, %s: %s (%s)", job.id, f.relativePath, failure, Failures.technical(e));
    if (failure instanceof TransferFailure.Changed changed) {
      if (job.restartedOnce.add(f.id)) {
        job.queue.first(f); // starts over at once, from zero
      } else {
        job.failures++;
        job.tools.record(job.id, f.id, f.relativePath, State.FAILED, changed.keptChanging());
      }
    } else if (failure instanceof TransferFailure.Upload u
        && u.problem() == TransferFailure.Upload.Problem.DAMAGED) {
      if (job.restartedOnce.add(f.id)) {
        job.queue.first(f); // sent again at once (the host kept only verified parts)
      } else {
        job.failures++;
        job.tools.record(job.id, f.id, f.relativePath, State.FAILED, u.keptFailing());
      }
    } else if (!failure.retryable()) {
      job.failures++;
      job.tools.record(job.id, f.id, f.relativePath, State.FAILED, failure.sentence());
    } else {
      job.tools.record(job.id, f.id, f.relativePath, State.WAITING, failure.sentence());
      if (!job.waiting) {
        job.waiting = true;
        job.tools.record(job.id, null, null, State.WAITING, failure.sentence());
      }
      job.queue.add(f);
      job.retryLater(job::pump);
    }
  }

  private record Target(Path folder, String name) {}

  private Target target(JobFile f) {
    List<String> parts = List.of(f.relativePath.split("/"));
    Path folder = Path.of(job.row.destination);
    for (String p : parts.subList(0, parts.size() - 1)) {
      folder = folder.resolve(p);
    }
    return new Target(folder, parts.get(parts.size() - 1));
  }

  private String origin(JobFile f) {
    return "drawbridge://" + job.peerId + "/" + job.row.shareName + "/" + f.remotePath;
  }
}
