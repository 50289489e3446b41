package dev.drawbridge.store;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.transfer.ChunkIndex;
import dev.drawbridge.transfer.job.Direction;
import dev.drawbridge.transfer.job.JobFile;
import dev.drawbridge.transfer.job.JobRow;
import dev.drawbridge.transfer.job.JobStore;
import dev.drawbridge.transfer.job.LatestState;
import dev.drawbridge.transfer.job.Placed;
import dev.drawbridge.transfer.job.State;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Download and upload jobs in SQLite (tables {@code transfer}, {@code transfer_file}, {@code
 * transfer_state}, {@code placed_file}, {@code placed_chunk}, and a setting): Panache for single
 * rows, JDBC batches for many. Every call is its own short transaction (SQLite has one writer at a
 * time).
 */
public final class SqlJobStore implements JobStore {
  private static final Logger LOG = Logger.getLogger(SqlJobStore.class);

  private final PlacedChunks placedChunks;
  // Stale placed-chunk entries are dropped in the background, in order, off the download's thread.
  private final ExecutorService drops =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "drawbridge-placed-chunks");
            t.setDaemon(true);
            return t;
          });

  public SqlJobStore(DataSource db) {
    this.placedChunks =
        new PlacedChunks(
            db,
            work ->
                drops.execute(
                    () -> {
                      try {
                        work.run();
                      } catch (RuntimeException e) {
                        LOG.warnf("placed-chunk index not updated: %s", e.getMessage());
                      }
                    }));
  }

  /** Stops the background drops (at shutdown). */
  public void close() {
    drops.shutdown();
  }

  @Override
  public void create(JobRow job) {
    Transfer t = new Transfer();
    t.id = job.id;
    t.peerId = job.peerId;
    t.shareName = job.shareName;
    t.remotePath = job.remotePath;
    t.folder = job.folder;
    t.destination = job.destination;
    t.enumerated = job.enumerated;
    t.createdAt = job.createdAt;
    t.direction = job.direction.wire();
    t.source = job.source;
    QuarkusTransaction.requiringNew().run(t::persist);
  }

  @Override
  public Optional<JobRow> job(String jobId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> Optional.ofNullable(Transfer.<Transfer>findById(jobId)).map(SqlJobStore::row));
  }

  @Override
  public List<JobRow> jobs() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                Transfer.<Transfer>list("order by createdAt desc").stream()
                    .map(SqlJobStore::row)
                    .toList());
  }

  @Override
  public List<JobFile> files(String jobId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                TransferFile.<TransferFile>list("transferId", jobId).stream()
                    .map(SqlJobStore::file)
                    .toList());
  }

  @Override
  public JobFile file(String jobId, String fileId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              TransferFile f =
                  TransferFile.<TransferFile>find("id = ?1 and transferId = ?2", fileId, jobId)
                      .firstResult();
              return f == null ? null : file(f);
            });
  }

  @Override
  public void listed(String jobId, List<JobFile> files) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              BulkRows.insertFiles(files);
              Transfer.update("enumerated = true where id = ?1", jobId);
            });
    History.appendAll(jobId, files.stream().map(f -> f.id).toList(), State.QUEUED);
  }

  @Override
  public void append(String jobId, String fileId, State state, String detail) {
    History.append(jobId, fileId, state, detail);
  }

  @Override
  public void appendAll(String jobId, List<String> fileIds, State state) {
    History.appendAll(jobId, fileIds, state);
  }

  @Override
  public void completed(String jobId, List<Placed> placed) {
    long now = System.currentTimeMillis();
    List<BulkRows.StateRow> rows =
        placed.stream()
            .map(
                p ->
                    new BulkRows.StateRow(
                        jobId, p.file().id, State.COMPLETED, p.path().toString(), now))
            .toList();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              BulkRows.placed(placed);
              BulkRows.appendStates(rows);
            });
  }

  @Override
  public Map<String, LatestState> latest(String jobId) {
    return History.latest(jobId);
  }

  @Override
  public LatestState jobState(String jobId) {
    return History.jobState(jobId);
  }

  @Override
  public Counts counts(String jobId) {
    return QuarkusTransaction.requiringNew().call(() -> History.counts(jobId));
  }

  @Override
  public void placedAt(String fileId, Path finalPath) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                TransferFile.update("finalPath = ?1 where id = ?2", finalPath.toString(), fileId));
  }

  @Override
  public void chunks(String fileId, String etag, byte[] verified, long bytesDone) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                TransferFile.update(
                    "etag = ?1, verified = ?2, bytesDone = ?3 where id = ?4",
                    etag,
                    verified,
                    bytesDone,
                    fileId));
  }

  @Override
  public void uploading(String fileId, String location, String remoteName, String remotePath) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                TransferFile.update(
                    "uploadLocation = ?1, remoteName = ?2, finalPath = ?3 where id = ?4",
                    location,
                    remoteName,
                    remotePath,
                    fileId));
  }

  @Override
  public void forgetChunks(String fileId) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                TransferFile.update(
                    "etag = null, verified = null, bytesDone = 0 where id = ?1", fileId));
  }

  @Override
  public int clearExcept(Set<String> running) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              int n = 0;
              for (Transfer t : Transfer.<Transfer>listAll()) {
                if (!running.contains(t.id)) {
                  TransferState.delete("transferId", t.id);
                  TransferFile.delete("transferId", t.id);
                  t.delete();
                  n++;
                }
              }
              return n;
            });
  }

  @Override
  public void rememberDestination(Path destination) {
    RecentDestinations.remember(destination);
  }

  @Override
  public List<String> recentDestinations() {
    return RecentDestinations.list();
  }

  @Override
  public ChunkIndex placedChunks(String peerId) {
    return placedChunks.from(peerId);
  }

  @Override
  public void rememberPlaced(String peerId, Path placed, Manifest manifest) throws IOException {
    placedChunks.remember(peerId, placed, manifest);
  }

  private static JobRow row(Transfer t) {
    JobRow r = new JobRow();
    r.id = t.id;
    r.peerId = t.peerId;
    r.shareName = t.shareName;
    r.remotePath = t.remotePath;
    r.folder = t.folder;
    r.destination = t.destination;
    r.enumerated = t.enumerated;
    r.createdAt = t.createdAt;
    r.direction = Direction.of(t.direction);
    r.source = t.source;
    return r;
  }

  private static JobFile file(TransferFile t) {
    JobFile f = new JobFile();
    f.id = t.id;
    f.transferId = t.transferId;
    f.remotePath = t.remotePath;
    f.relativePath = t.relativePath;
    f.size = t.size;
    f.etag = t.etag;
    f.verified = t.verified;
    f.bytesDone = t.bytesDone;
    f.finalPath = t.finalPath;
    f.localPath = t.localPath;
    f.uploadLocation = t.uploadLocation;
    f.remoteName = t.remoteName;
    return f;
  }
}
