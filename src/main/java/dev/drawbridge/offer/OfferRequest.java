package dev.drawbridge.offer;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /peer/v1/offers}, checked before anything is kept: at most {@link
 * InboxRules#MAX_FILES} files numbered 0.., each path valid by SharePath rules and not under a
 * ".drawbridge-" name, no path twice or inside another file, sizes >= 0, an optional total equal to
 * their sum, a note of at most {@link InboxRules#MAX_NOTE} characters.
 */
record OfferRequest(String senderOfferId, String note, List<OfferFile> files) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static OfferRequest parse(JsonObject body) {
    try {
      return read(body);
    } catch (ClassCastException | NullPointerException e) {
      throw OfferRefused.bad(
          "an offer is {\"id\",\"files\":[{\"n\",\"path\",\"size\",\"sha256\"}]}");
    }
  }

  private static OfferRequest read(JsonObject body) {
    String id = body.getString("id");
    if (id == null || !ID.matcher(id).matches()) {
      throw OfferRefused.bad("id: 1 to 64 letters, digits, '-' or '_'");
    }
    String note = body.getString("note", "");
    if (note.length() > InboxRules.MAX_NOTE) {
      throw OfferRefused.bad("the note is longer than " + InboxRules.MAX_NOTE + " characters");
    }
    JsonArray raw = body.getJsonArray("files");
    if (raw == null || raw.isEmpty() || raw.size() > InboxRules.MAX_FILES) {
      throw OfferRefused.bad("an offer has 1 to " + InboxRules.MAX_FILES + " files");
    }
    List<OfferFile> files = new ArrayList<>(raw.size());
    Set<SharePath> paths = new HashSet<>();
    long sum = 0;
    for (int i = 0; i < raw.size(); i++) {
      JsonObject f = raw.getJsonObject(i);
      if (f.getInteger("n") != i) {
        throw OfferRefused.bad("files must be numbered 0, 1, 2... in order");
      }
      SharePath path = path(f.getString("path"));
      long size = f.getLong("size");
      String sha = f.getString("sha256");
      if (size < 0 || (sha != null && !HEX.matcher(sha).matches())) {
        throw OfferRefused.bad("file " + i + ": size >= 0 and sha256 as 64 lowercase hex or null");
      }
      if (!paths.add(path)) {
        throw OfferRefused.bad("file " + i + ": the path " + path + " is offered twice");
      }
      sum = Math.addExact(sum, size);
      files.add(new OfferFile(i, path.toString(), size, sha, FileState.PENDING, null));
    }
    for (SharePath p : paths) {
      for (SharePath up = p.parent(); !up.isRoot(); up = up.parent()) {
        if (paths.contains(up)) {
          throw OfferRefused.bad(up + " is offered as a file and as a folder");
        }
      }
    }
    Long total = body.getLong("total");
    if (total != null && total != sum) {
      throw OfferRefused.bad("total " + total + " is not the sum of the sizes, " + sum);
    }
    return new OfferRequest(id, note, files);
  }

  private static SharePath path(String text) {
    SharePath p;
    try {
      p = SharePath.parse(text);
    } catch (BadPathException e) {
      throw new OfferRefused(400, "bad_path", e.getMessage());
    }
    if (p.isRoot()) {
      throw new OfferRefused(400, "bad_path", "a file needs a name");
    }
    for (String s : p.segments()) {
      if (s.startsWith(".drawbridge-")) {
        throw new OfferRefused(400, "bad_path", "names starting with .drawbridge- are reserved");
      }
    }
    return p;
  }
}
