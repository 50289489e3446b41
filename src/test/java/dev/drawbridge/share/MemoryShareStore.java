package dev.drawbridge.share;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ShareStore} in memory, so a real {@link ShareCatalog} runs without a database. */
public final class MemoryShareStore implements ShareStore {
  private final Map<String, String> folders = new LinkedHashMap<>();
  private final Map<String, Map<String, Access>> grants = new LinkedHashMap<>();
  private final Map<String, UploadRules> rules = new LinkedHashMap<>();

  @Override
  public synchronized List<SavedShare> shares() {
    List<SavedShare> out = new ArrayList<>();
    folders.forEach(
        (name, folder) -> {
          UploadRules r = rules.get(name);
          List<SavedGrant> g = new ArrayList<>();
          grants.get(name).forEach((peer, a) -> g.add(new SavedGrant(name, folder, peer, a, r)));
          out.add(new SavedShare(name, folder, g, r));
        });
    return out;
  }

  @Override
  public synchronized List<SavedGrant> grants() {
    return shares().stream().flatMap(s -> s.grants().stream()).toList();
  }

  @Override
  public synchronized boolean insertShare(String name, String folder) {
    if (folders.containsKey(name)) {
      return false;
    }
    folders.put(name, folder);
    grants.put(name, new LinkedHashMap<>());
    rules.put(name, UploadRules.DEFAULT);
    return true;
  }

  @Override
  public synchronized boolean deleteShare(String name) {
    grants.remove(name);
    rules.remove(name);
    return folders.remove(name) != null;
  }

  @Override
  public synchronized PutGrant putGrant(String share, String peerId, Access access) {
    Map<String, Access> g = grants.get(share);
    if (g == null) {
      return PutGrant.NO_SUCH_SHARE;
    }
    return g.put(peerId, access) == null ? PutGrant.CREATED : PutGrant.CHANGED;
  }

  @Override
  public synchronized boolean deleteGrant(String share, String peerId) {
    Map<String, Access> g = grants.get(share);
    return g != null && g.remove(peerId) != null;
  }

  @Override
  public synchronized boolean putRules(String share, UploadRules r) {
    if (!folders.containsKey(share)) {
      return false;
    }
    rules.put(share, r);
    return true;
  }
}
