package dev.drawbridge.web;

import dev.drawbridge.transfer.job.TransferEvent;
import dev.drawbridge.transfer.job.TransferView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The speed, time left and route of a running job, from its latest progress event (the history in
 * SQLite has bytes, not rates). Templates show it as {@code inject:progressLine.of(t)}.
 */
@Named("progressLine")
@ApplicationScoped
public class ProgressLine {
  private final Map<String, TransferEvent> latest = new ConcurrentHashMap<>();

  void record(TransferEvent e) {
    if (e.fileId() != null) {
      return;
    }
    switch (e.type()) {
      case "progress" -> latest.put(e.transferId(), e);
      case "queued", "started", "verified" -> {}
      default -> latest.remove(e.transferId()); // stopped or ended: no speed to show
    }
  }

  /** " · 12 MB of 30 MB · 4.0 MB/s · 5 s left · direct …" while the job moves; empty otherwise. */
  public String of(TransferView t) {
    TransferEvent e = latest.get(t.id());
    if (e == null || !t.active()) {
      return "";
    }
    StringBuilder line =
        new StringBuilder(" · ")
            .append(Sizes.human(e.bytes()))
            .append(" of ")
            .append(Sizes.human(e.size()));
    if (e.bytesPerSecond() > 0) {
      line.append(" · ").append(Sizes.human(e.bytesPerSecond())).append("/s");
    }
    if (e.etaSeconds() != null) {
      line.append(" · ").append(e.etaSeconds()).append(" s left");
    }
    if (e.route() != null) {
      line.append(" · ").append(e.route());
    }
    return line.toString();
  }
}
