package dev.drawbridge.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Uploads this peer is passing on to contacts right now, for the live channel: every open browse
 * page of that share sees them move (the uploading tab also has its own XHR progress). Changes only
 * set a flag; {@link LiveUpdates} renders on its tick, so a fast upload costs at most four pushes a
 * second.
 */
@ApplicationScoped
public class UploadProgress {
  /** One file on its way. {@code key} is stable per file, so pages can match their own rows. */
  public record Line(String key, String name, long sent, long length) {
    public int percent() {
      return length == 0 ? 100 : (int) (sent * 100 / length);
    }

    public String text() {
      return Sizes.human(sent) + " of " + Sizes.human(length);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance uploads(List<Line> lines);
  }

  private final Map<String, Map<String, Line>> byShare = new ConcurrentHashMap<>();
  private final AtomicBoolean changed = new AtomicBoolean();

  void started(RemoteTarget t, long length) {
    moved(t, 0, length);
  }

  void moved(RemoteTarget t, long sent, long length) {
    String path = t.path().toString();
    byShare
        .computeIfAbsent(shareKey(t), k -> new ConcurrentHashMap<>())
        .put(path, new Line(path, t.path().name(), sent, length));
    changed.set(true);
  }

  void finished(RemoteTarget t) {
    Map<String, Line> lines = byShare.get(shareKey(t));
    if (lines != null) {
      lines.remove(t.path().toString());
    }
    changed.set(true);
  }

  /** True once after any change (the tick's question). */
  boolean takeChanged() {
    return changed.getAndSet(false);
  }

  /** The fragment for pages showing {@code share} ("peerId/share"). */
  String fragment(String share) {
    List<Line> lines =
        byShare.getOrDefault(share, Map.of()).values().stream()
            .sorted(Comparator.comparing(Line::key))
            .toList();
    return Templates.uploads(lines).render();
  }

  static String shareKey(RemoteTarget t) {
    return t.peer().value() + "/" + t.share();
  }
}
