package dev.drawbridge.store;

import dev.drawbridge.transfer.job.JobStore;
import dev.drawbridge.transfer.job.LatestState;
import dev.drawbridge.transfer.job.State;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and appends the state history. Every call is its own short transaction (SQLite: one
 * writer).
 */
final class History {
  private History() {}

  static void append(String transferId, String fileId, State state, String detail) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              TransferState s = new TransferState();
              s.transferId = transferId;
              s.fileId = fileId;
              s.state = state.wire();
              s.detail = detail;
              s.at = System.currentTimeMillis();
              s.persist();
            });
  }

  /** Appends the same state for many files in one transaction (a new folder's files: queued). */
  static void appendAll(String transferId, List<String> fileIds, State state) {
    long now = System.currentTimeMillis();
    List<BulkRows.StateRow> rows =
        fileIds.stream()
            .map(id -> new BulkRows.StateRow(transferId, id, state, null, now))
            .toList();
    QuarkusTransaction.requiringNew().run(() -> BulkRows.appendStates(rows));
  }

  /** A job's files counted by their latest state, without loading them (the list polls this). */
  static JobStore.Counts counts(String transferId) {
    Object[] r =
        (Object[])
            TransferState.getEntityManager()
                .createNativeQuery(
                    """
        SELECT count(*),
          coalesce(sum(CASE WHEN s.state = 'canceled' THEN 0 ELSE f.size END), 0),
          coalesce(sum(CASE WHEN s.state = 'canceled' THEN 0 WHEN s.state = 'completed' THEN f.size ELSE f.bytes_done END), 0),
          coalesce(sum(CASE WHEN s.state = 'completed' THEN 1 ELSE 0 END), 0),
          coalesce(sum(CASE WHEN s.state = 'paused' THEN 1 ELSE 0 END), 0),
          coalesce(sum(CASE WHEN s.state = 'canceled' THEN 1 ELSE 0 END), 0)
        FROM transfer_file f
        LEFT JOIN transfer_state s ON s.id = (SELECT max(x.id) FROM transfer_state x
                                              WHERE x.transfer_id = f.transfer_id AND x.file_id = f.id)
        WHERE f.transfer_id = ?1""")
                .setParameter(1, transferId)
                .getSingleResult();
    return new JobStore.Counts(
        ((Number) r[0]).intValue(),
        ((Number) r[1]).longValue(),
        ((Number) r[2]).longValue(),
        ((Number) r[3]).intValue(),
        ((Number) r[4]).intValue(),
        ((Number) r[5]).intValue());
  }

  /** The job's own latest state row (file id null), or null. */
  static LatestState jobState(String transferId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              TransferState s =
                  TransferState.<TransferState>find(
                          "transferId = ?1 and fileId is null order by id desc", transferId)
                      .firstResult();
              return s == null ? null : new LatestState(null, s.state, s.detail);
            });
  }

  /**
   * Latest state per file of a job (key null = the job itself), with its detail. Plain values, read
   * in one query: a job of 10,000 files has tens of thousands of history rows.
   */
  @SuppressWarnings("unchecked")
  static Map<String, LatestState> latest(String transferId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Map<String, LatestState> out = new HashMap<>();
              List<Object[]> rows =
                  TransferState.getEntityManager()
                      .createNativeQuery(
                          """
          SELECT s.id, s.file_id, s.state, s.detail, s.at FROM transfer_state s
          JOIN (SELECT max(id) AS id FROM transfer_state WHERE transfer_id = ?1 GROUP BY file_id) m ON m.id = s.id""")
                      .setParameter(1, transferId)
                      .getResultList();
              for (Object[] r : rows) {
                LatestState s = new LatestState((String) r[1], (String) r[2], (String) r[3]);
                out.put(s.fileId(), s);
              }
              return out;
            });
  }
}
