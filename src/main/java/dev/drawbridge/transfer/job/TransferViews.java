package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Jobs as the owner sees them, read from the store, with live progress from the jobs running now.
 * Blocks.
 */
final class TransferViews {
  private TransferViews() {}

  /** Every job, newest first; {@code withFiles} adds each file's state (for one job's page). */
  static List<TransferView> list(
      JobStore store, Map<String, Job> jobs, String onlyId, boolean withFiles) {
    List<TransferView> out = new ArrayList<>();
    List<JobRow> rows =
        onlyId == null ? store.jobs() : store.job(onlyId).map(List::of).orElse(List.of());
    for (JobRow t : rows) {
      if (!withFiles) {
        out.add(summary(store, jobs, t));
        continue;
      }
      Map<String, LatestState> latest = store.latest(t.id);
      List<TransferView.FileView> files = new ArrayList<>();
      long bytes = 0;
      long size = 0;
      int done = 0;
      int count = 0;
      int pausedFiles = 0;
      int canceledFiles = 0;
      List<JobFile> listed = new ArrayList<>(store.files(t.id));
      listed.sort(Comparator.comparing(f -> f.relativePath));
      for (JobFile f : listed) {
        LatestState s = latest.get(f.id);
        String st = s == null ? State.QUEUED.wire() : s.state();
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
        files.add(
            new TransferView.FileView(
                f.id, f.relativePath, f.size, b, st, s == null ? null : s.detail(), f.finalPath));
      }
      Job j = jobs.get(t.id);
      if (j != null) {
        bytes = Math.max(bytes, j.bytesDone());
      }
      LatestState js = latest.get(null);
      PeerId p = PeerId.parse(t.peerId);
      out.add(
          new TransferView(
              t.id,
              t.peerId,
              DisplayName.of(p),
              t.shareName,
              t.remotePath,
              t.folder,
              t.destination,
              js == null ? "queued" : js.state(),
              js == null ? null : js.detail(),
              bytes,
              size,
              count,
              done,
              pausedFiles,
              canceledFiles,
              t.createdAt,
              files,
              t.direction.wire(),
              t.source));
    }
    return out;
  }

  /**
   * One job without its files: counted in SQL, cheap enough for a list polled every few seconds.
   */
  private static TransferView summary(JobStore store, Map<String, Job> jobs, JobRow t) {
    JobStore.Counts c = store.counts(t.id);
    long bytes = c.bytes();
    Job j = jobs.get(t.id);
    if (j != null) {
      bytes = Math.max(bytes, j.bytesDone());
    }
    LatestState js = store.jobState(t.id);
    PeerId p = PeerId.parse(t.peerId);
    return new TransferView(
        t.id,
        t.peerId,
        DisplayName.of(p),
        t.shareName,
        t.remotePath,
        t.folder,
        t.destination,
        js == null ? "queued" : js.state(),
        js == null ? null : js.detail(),
        bytes,
        c.size(),
        c.files(),
        c.done(),
        c.paused(),
        c.canceled(),
        t.createdAt,
        List.of(),
        t.direction.wire(),
        t.source);
  }
}
