package dev.drawbridge.transfer.job;

import dev.drawbridge.transfer.BatchSource;
import dev.drawbridge.transfer.FileBatch;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One batch of a job's small files (the fast path for folders of many little files): records them
 * started in one transaction, fetches them in one request ({@link FileBatch}), and records every
 * placed file completed in one transaction again. Whatever the batch could not settle goes back to
 * the {@link Job}, which handles it like any failed file.
 */
final class BatchRun implements RunningBatch {
  /**
   * Per request: enough to amortise the round trip, few enough that a broken stream costs little.
   */
  static final int MAX_FILES = 256;

  static final long MAX_BYTES = 8L << 20;

  private final JobTools tools;
  private final String transferId;
  private final List<JobFile> files;
  private final Set<String> ids;
  private final Progress progress;
  private final Consumer<Runnable> onJobContext;
  private FileBatch batch;

  /**
   * {@code onJobContext}: progress belongs to the job, so its updates go through the job's context.
   */
  BatchRun(
      JobTools tools,
      String transferId,
      List<JobFile> files,
      Progress progress,
      Consumer<Runnable> onJobContext) {
    this.tools = tools;
    this.transferId = transferId;
    this.files = files;
    this.ids = files.stream().map(f -> f.id).collect(Collectors.toSet());
    this.progress = progress;
    this.onJobContext = onJobContext;
  }

  /**
   * Whether {@code f} may travel in a batch (either way): small, and not half-moved by the chunked
   * path (an upload with an open resumable upload on the host goes on there).
   */
  static boolean fits(JobFile f) {
    return f.size <= BatchSource.MAX_FILE_BYTES && f.bytesDone == 0 && f.uploadLocation == null;
  }

  /** The results that still need the job's attention (everything except files placed). */
  Future<List<FileBatch.Result>> run(BatchSource source, Function<JobFile, FileBatch.Item> item) {
    Map<String, JobFile> byId = files.stream().collect(Collectors.toMap(f -> f.id, f -> f));
    tools.recordAll(transferId, files, State.STARTED);
    batch =
        new FileBatch(
            tools.vertx(),
            source,
            files.stream().map(item).toList(),
            r -> {
              if (r.outcome() instanceof FileBatch.Outcome.Placed p) {
                onJobContext.accept(() -> progress.file(r.item().id(), p.size(), p.size()));
              }
            });
    return batch
        .start()
        .map(
            results -> {
              List<Placed> placed = new ArrayList<>();
              List<FileBatch.Result> rest = new ArrayList<>();
              for (FileBatch.Result r : results) {
                if (r.outcome() instanceof FileBatch.Outcome.Placed p) {
                  placed.add(new Placed(byId.get(r.item().id()), p.path(), p.size()));
                } else {
                  rest.add(r);
                }
              }
              tools.completedAll(transferId, placed);
              return rest;
            });
  }

  @Override
  public boolean holds(String fileId) {
    return ids.contains(fileId);
  }

  @Override
  public void cancel() {
    if (batch != null) {
      batch.cancel();
    }
  }
}
