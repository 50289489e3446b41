package dev.drawbridge.share;

import dev.drawbridge.identity.PeerId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of every grant, indexed by peer: rebuilt after each change, read lock-free.
 */
public final class GrantTable implements ShareAccess {
  public static final GrantTable EMPTY = new GrantTable(Map.of());

  private final Map<PeerId, Map<String, GrantedShare>> byPeer;

  private GrantTable(Map<PeerId, Map<String, GrantedShare>> byPeer) {
    this.byPeer = byPeer;
  }

  /** One row per grant: (peer, share name, folder, access, the share's upload rules). */
  public record Row(PeerId peer, String share, Path folder, Access access, UploadRules rules) {
    /** A grant on a share with the default upload rules. */
    public Row(PeerId peer, String share, Path folder, Access access) {
      this(peer, share, folder, access, UploadRules.DEFAULT);
    }
  }

  public static GrantTable of(Collection<Row> rows) {
    Map<PeerId, Map<String, GrantedShare>> map = new HashMap<>();
    for (Row r : rows) {
      map.computeIfAbsent(r.peer(), p -> new HashMap<>())
          .put(r.share(), new GrantedShare(r.share(), r.folder(), r.access(), r.rules()));
    }
    map.replaceAll((p, shares) -> Map.copyOf(shares));
    return new GrantTable(Map.copyOf(map));
  }

  @Override
  public List<GrantedShare> sharesFor(PeerId peer) {
    List<GrantedShare> list = new ArrayList<>(byPeer.getOrDefault(peer, Map.of()).values());
    list.sort(Comparator.comparing(GrantedShare::name));
    return list;
  }

  @Override
  public Set<PeerId> grantees() {
    return Collections.unmodifiableSet(byPeer.keySet());
  }

  @Override
  public Optional<GrantedShare> share(PeerId peer, String name) {
    return Optional.ofNullable(byPeer.getOrDefault(peer, Map.of()).get(name));
  }
}
