package dev.drawbridge.transfer.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads and appends the state history. Every call is its own short transaction (SQLite: one writer). */
final class History {
  private History() {}

  static void append(String transferId, String fileId, State state, String detail) {
    QuarkusTransaction.requiringNew().run(() -> {
      TransferState s = new TransferState();
      s.transferId = transferId;
      s.fileId = fileId;
      s.state = state.wire();
      s.detail = detail;
      s.at = System.currentTimeMillis();
      s.persist();
    });
  }

  /** Appends one row inside the caller's transaction (for writes batched with other updates). */
  static void appendInTransaction(String transferId, String fileId, State state, String detail, long at) {
    TransferState s = new TransferState();
    s.transferId = transferId;
    s.fileId = fileId;
    s.state = state.wire();
    s.detail = detail;
    s.at = at;
    s.persist();
  }

  /** Appends the same state for many files in one transaction (a new folder's files: queued). */
  static void appendAll(String transferId, List<String> fileIds, State state) {
    QuarkusTransaction.requiringNew().run(() -> {
      long now = System.currentTimeMillis();
      for (String id : fileIds) {
        TransferState s = new TransferState();
        s.transferId = transferId;
        s.fileId = id;
        s.state = state.wire();
        s.at = now;
        s.persist();
      }
    });
  }

  /** Latest state per file of a job (key null = the job itself), with its detail. */
  static Map<String, TransferState> latest(String transferId) {
    return QuarkusTransaction.requiringNew().call(() -> {
      Map<String, TransferState> out = new HashMap<>();
      for (TransferState s : TransferState.<TransferState>list("transferId = ?1 order by id", transferId)) {
        out.put(s.fileId, s);
      }
      return out;
    });
  }
}
