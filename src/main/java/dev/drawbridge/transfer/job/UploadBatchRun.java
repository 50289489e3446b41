package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One batch of an upload job's small files (POST /peer/v1/batch-upload): records them started in
 * one transaction, sends them in one request, and records every placed file completed in one
 * transaction again. What the host did not place comes back to the job with its status: a name that
 * exists goes alone by the resumable path (which picks "name (1)"), the rest is a failure like any
 * other.
 */
final class UploadBatchRun implements RunningBatch {
  /**
   * The host takes at most 1,000 files and 64 MiB per request; a quarter of the bytes keeps it
   * brisk and the sender's memory small (a batch is read whole, then framed: twice its bytes, two
   * batches in flight).
   */
  static final int MAX_FILES = 1000;

  static final long MAX_BYTES = 16L << 20;

  /**
   * A job's first batch: read, sent and placed in a fraction of a second, while the next (full)
   * batch is read; the owner sees files arrive at once.
   */
  static final int FIRST_FILES = 32;

  /** A file the batch did not place, with the host's answer for it. */
  record Leftover(JobFile file, int status, String error) {}

  private final JobTools tools;
  private final String transferId;
  private final List<JobFile> files;
  private final Set<String> ids;

  UploadBatchRun(JobTools tools, String transferId, List<JobFile> files) {
    this.tools = tools;
    this.transferId = transferId;
    this.files = files;
    this.ids = files.stream().map(f -> f.id).collect(Collectors.toSet());
  }

  Future<List<Leftover>> run(PeerId peer, String share) {
    Map<String, JobFile> byId = new HashMap<>();
    List<UploadLink.Small> smalls = new ArrayList<>();
    List<Leftover> rest = new ArrayList<>();
    for (JobFile f : files) {
      byId.put(f.id, f);
      try {
        smalls.add(
            new UploadLink.Small(
                f.id, SharePath.parse(f.remotePath), Path.of(f.localPath), f.size));
      } catch (BadPathException e) {
        rest.add(new Leftover(f, 400, "bad_path"));
      }
    }
    tools.recordAll(transferId, files, State.STARTED);
    return tools
        .uploadLink()
        .sendBatch(peer, share, smalls)
        .map(
            sent -> {
              List<Placed> placed = new ArrayList<>();
              for (UploadLink.Sent s : sent) {
                JobFile f = byId.remove(s.fileId());
                if (f == null) {
                  continue;
                }
                if (s.status() == 201) {
                  f.finalPath = f.remotePath;
                  placed.add(new Placed(f, Path.of(f.remotePath), f.size));
                } else {
                  rest.add(new Leftover(f, s.status(), s.error()));
                }
              }
              // a file the host's answer did not mention: unknown, sent again
              byId.values().forEach(f -> rest.add(new Leftover(f, 0, null)));
              tools.completedAll(transferId, placed);
              return rest;
            });
  }

  @Override
  public boolean holds(String fileId) {
    return ids.contains(fileId);
  }

  /** One request of at most 32 MiB: it ends soon, and whatever it placed stays placed. */
  @Override
  public void cancel() {}
}
