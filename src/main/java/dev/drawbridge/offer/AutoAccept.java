package dev.drawbridge.offer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The owner's rule: offers from these contacts are accepted whole, at once, into {@code folder}.
 * Stored as the owner setting {@link #SETTING} (JSON {"peers":[...],"folder":"..."}).
 */
public record AutoAccept(Set<String> peers, Path folder) {
  public static final String SETTING = "offers.autoAccept";
  public static final AutoAccept NONE = new AutoAccept(Set.of(), null);

  public AutoAccept {
    peers = Set.copyOf(peers);
    if (!peers.isEmpty() && (folder == null || !folder.isAbsolute())) {
      throw new IllegalArgumentException("auto-accept needs an absolute folder");
    }
  }

  public boolean covers(String peerId) {
    return peers.contains(peerId);
  }

  public String toJson() {
    return new JsonObject()
        .put("peers", new JsonArray(peers.stream().sorted().toList()))
        .put("folder", folder == null ? null : folder.toString())
        .encode();
  }

  public static AutoAccept fromJson(String text) {
    JsonObject o = new JsonObject(text);
    Set<String> peers = new LinkedHashSet<>();
    o.getJsonArray("peers", new JsonArray()).forEach(p -> peers.add((String) p));
    String folder = o.getString("folder");
    return new AutoAccept(peers, folder == null ? null : Path.of(folder));
  }
}
