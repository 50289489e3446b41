package dev.drawbridge.store;

import dev.drawbridge.transfer.job.JobFile;
import dev.drawbridge.transfer.job.Placed;
import dev.drawbridge.transfer.job.State;
import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.PreparedStatement;
import java.util.List;
import org.hibernate.Session;

/**
 * Many rows in one statement batch, inside the caller's transaction. A folder of 10,000 files
 * writes 10,000 file rows and tens of thousands of history rows; one entity at a time through the
 * ORM that costs seconds of CPU (dirty checks, flush cascades), as JDBC batches it costs little.
 */
final class BulkRows {
  private BulkRows() {}

  /** One history row to append. */
  record StateRow(String transferId, String fileId, State state, String detail, long at) {}

  static void insertFiles(List<JobFile> files) {
    session()
        .doWork(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO transfer_file "
                          + "(id, transfer_id, remote_path, relative_path, size, bytes_done, local_path)"
                          + " VALUES (?, ?, ?, ?, ?, 0, ?)")) {
                for (JobFile f : files) {
                  ps.setString(1, f.id);
                  ps.setString(2, f.transferId);
                  ps.setString(3, f.remotePath);
                  ps.setString(4, f.relativePath);
                  ps.setLong(5, f.size);
                  ps.setString(6, f.localPath);
                  ps.addBatch();
                }
                ps.executeBatch();
              }
            });
  }

  static void appendStates(List<StateRow> rows) {
    session()
        .doWork(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO transfer_state (transfer_id, file_id, state, detail, at) VALUES (?, ?, ?, ?, ?)")) {
                for (StateRow r : rows) {
                  ps.setString(1, r.transferId());
                  ps.setString(2, r.fileId());
                  ps.setString(3, r.state().wire());
                  ps.setString(4, r.detail());
                  ps.setLong(5, r.at());
                  ps.addBatch();
                }
                ps.executeBatch();
              }
            });
  }

  /** Final paths (and the size the file really had) of files placed by a batch. */
  static void placed(List<Placed> placed) {
    session()
        .doWork(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE transfer_file SET final_path = ?, size = ?, bytes_done = ? WHERE id = ?")) {
                for (Placed p : placed) {
                  ps.setString(1, p.path().toString());
                  ps.setLong(2, p.size());
                  ps.setLong(3, p.size());
                  ps.setString(4, p.file().id);
                  ps.addBatch();
                }
                ps.executeBatch();
              }
            });
  }

  private static Session session() {
    Session s = Panache.getEntityManager().unwrap(Session.class);
    s.flush(); // entity changes made earlier in this transaction go first, in order
    return s;
  }
}
