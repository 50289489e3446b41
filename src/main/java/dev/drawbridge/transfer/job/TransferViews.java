package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Jobs as the owner sees them, read from SQLite, with live progress from the jobs running now. */
final class TransferViews {
  private TransferViews() {}

  /** Every job, newest first; {@code withFiles} adds each file's state (for one job's page). */
  static List<TransferView> list(Map<String, Job> jobs, String onlyId, boolean withFiles) {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<TransferView> out = new ArrayList<>();
      List<Transfer> rows = onlyId == null ? Transfer.<Transfer>list("order by createdAt desc")
          : Transfer.<Transfer>list("id", onlyId);
      for (Transfer t : rows) {
        if (!withFiles) {
          out.add(summary(jobs, t));
          continue;
        }
        Map<String, TransferState> latest = History.latest(t.id);
        List<TransferView.FileView> files = new ArrayList<>();
        long bytes = 0;
        long size = 0;
        int done = 0;
        int count = 0;
        int pausedFiles = 0;
        int canceledFiles = 0;
        for (TransferFile f : TransferFile.<TransferFile>list("transferId = ?1 order by relativePath", t.id)) {
          TransferState s = latest.get(f.id);
          String st = s == null ? State.QUEUED.wire() : s.state;
          long b = st.equals("completed") ? f.size : f.bytesDone;
          count++;
          pausedFiles += st.equals("paused") ? 1 : 0;
          if (st.equals("canceled")) {
            canceledFiles++; // no longer part of what the job downloads: not in its size or progress
            b = 0;
          } else {
            size += f.size;
            bytes += b;
          }
          done += st.equals("completed") ? 1 : 0;
          if (withFiles) {
            files.add(new TransferView.FileView(f.id, f.relativePath, f.size, b, st, s == null ? null : s.detail, f.finalPath));
          }
        }
        Job j = jobs.get(t.id);
        if (j != null) {
          bytes = Math.max(bytes, j.progress.done());
        }
        TransferState js = latest.get(null);
        PeerId p = PeerId.parse(t.peerId);
        out.add(new TransferView(t.id, t.peerId, dev.drawbridge.identity.DisplayName.of(p), t.shareName,
            t.remotePath, t.folder, t.destination, js == null ? "queued" : js.state, js == null ? null : js.detail,
            bytes, size, count, done, pausedFiles, canceledFiles,
            t.createdAt, files));
      }
      return out;
    });
  }

  /** One job without its files: counted in SQL, cheap enough for a list polled every few seconds. */
  private static TransferView summary(Map<String, Job> jobs, Transfer t) {
    History.Counts c = History.counts(t.id);
    long bytes = c.bytes();
    Job j = jobs.get(t.id);
    if (j != null) {
      bytes = Math.max(bytes, j.progress.done());
    }
    TransferState js = History.jobState(t.id);
    PeerId p = PeerId.parse(t.peerId);
    return new TransferView(t.id, t.peerId, dev.drawbridge.identity.DisplayName.of(p), t.shareName,
        t.remotePath, t.folder, t.destination, js == null ? "queued" : js.state, js == null ? null : js.detail,
        bytes, c.size(), c.files(), c.done(), c.paused(), c.canceled(), t.createdAt, List.of());
  }
}
