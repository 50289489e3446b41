package dev.drawbridge.transfer.job;

import dev.drawbridge.peerapi.PeerApiException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Starts an upload {@link Job}'s files and settles them when they end: small files in batches
 * ({@link UploadBatchRun}), the others (and small ones whose name was taken) one by one through a
 * resumable upload ({@link FileUploadRun}). The upload counterpart of {@link FileRuns}; failures go
 * through the same {@link FileRuns#failed} (wait and retry, send again once, or failed). Runs on
 * the job's context.
 */
final class UploadRuns {
  private static final Logger LOG = Logger.getLogger(UploadRuns.class);

  private final Job job;

  UploadRuns(Job job) {
    this.job = job;
  }

  void batch(List<JobFile> files) {
    UploadBatchRun run = new UploadBatchRun(job.tools, job.id, files);
    job.queue.batches().add(run);
    run.run(job.peer, job.row.shareName)
        .onComplete(
            ar ->
                job.onContext(
                    () -> {
                      job.queue.batches().remove(run);
                      if (ar.failed()) {
                        files.forEach(f -> job.runs.failed(f, ar.cause()));
                      } else {
                        Set<String> left = new HashSet<>();
                        ar.result().forEach(l -> left.add(l.file().id));
                        for (JobFile f : files) {
                          if (!left.contains(f.id)) {
                            job.holds.settled(f.id);
                            job.progress.file(f.id, f.size, f.size);
                          }
                        }
                        if (left.size() < files.size()) {
                          job.runs.peerAnswered();
                        }
                        ar.result().forEach(this::leftover);
                      }
                      job.pump();
                    }));
  }

  private void leftover(UploadBatchRun.Leftover l) {
    JobFile f = l.file();
    if (l.status() == 409 || l.status() == 0) {
      // The name is taken (or the answer was lost): alone, by the path that picks "name (1)".
      job.queue.byChunks(f);
      if (job.files.stoppedOnPurpose(f)) {
        return;
      }
      LOG.debugf("%s goes alone: %s", f.relativePath, l.error());
      job.queue.add(f);
      return;
    }
    job.runs.failed(
        f, new PeerApiException(l.status(), l.error() == null ? "error" : l.error(), "batch"));
  }

  void send(JobFile f) {
    FileUploadRun run =
        new FileUploadRun(
            job.tools,
            job.peer,
            job.row.shareName,
            f,
            sent -> job.onContext(() -> job.progress.file(f.id, f.size, sent)));
    job.running.put(f.id, run);
    job.tools.record(job.id, f.id, f.relativePath, State.STARTED, null);
    run.start()
        .onComplete(
            ar ->
                job.onContext(
                    () -> {
                      job.running.remove(f.id);
                      if (ar.succeeded()) {
                        job.holds.settled(f.id);
                        job.runs.peerAnswered();
                        job.progress.file(f.id, f.size, f.size);
                        job.tools.record(
                            job.id, f.id, f.relativePath, State.COMPLETED, ar.result());
                      } else {
                        job.runs.failed(f, ar.cause());
                      }
                      job.pump();
                    }));
  }
}
