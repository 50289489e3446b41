package dev.drawbridge.share;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.ShareException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The owner's shares and grants, kept in a {@link ShareStore}, served to the peer API from an
 * in-memory {@link GrantTable} that is rebuilt after every committed change.
 */
public final class ShareCatalog implements ShareAccess {
  // Share names travel in URLs and show in UIs: keep them short and plain.
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,63}");

  private final AtomicReference<GrantTable> table = new AtomicReference<>(GrantTable.EMPTY);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ShareStore store;
  private final Path dataDir;

  /** {@code dataDir} holds the private key: no share may contain it or lie inside it. */
  public ShareCatalog(ShareStore store, Path dataDir) {
    this.store = store;
    this.dataDir = dataDir;
  }

  /** A share as the owner sees it. */
  public record ShareView(
      String name,
      String folder,
      boolean available,
      List<GrantView> grants,
      UploadRules uploadRules) {}

  public record GrantView(String peerId, String name, Access access) {
    public static GrantView of(String peerId, Access access) {
      return new GrantView(
          peerId, PeerId.tryParse(peerId).map(DisplayName::of).orElse("?"), access);
    }
  }

  public List<ShareView> list() {
    List<ShareView> out = new ArrayList<>();
    for (ShareStore.SavedShare s : store.shares()) {
      List<GrantView> grants =
          s.grants().stream().map(g -> GrantView.of(g.peerId(), g.access())).toList();
      out.add(
          new ShareView(
              s.name(), s.folder(), Files.isDirectory(Path.of(s.folder())), grants, s.rules()));
    }
    return out;
  }

  /** One share as the owner sees it; NOT_FOUND when there is none of that name. */
  public ShareView get(String name) {
    return list().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new ShareException(Kind.NOT_FOUND, "no share named '" + name + "'"));
  }

  /**
   * Replaces what uploads into one share may do; guests' next upload (and the peer API's grant
   * table) sees the new rules once this returns.
   */
  public void setUploadRules(String shareName, UploadRules rules) {
    if (rules == null) {
      throw new ShareException(Kind.INVALID, "upload rules are missing");
    }
    if (!store.putRules(shareName, rules)) {
      throw new ShareException(Kind.NOT_FOUND, "no share named '" + shareName + "'");
    }
    reload();
  }

  public ShareView add(String name, String folder) {
    if (name == null || !NAME.matcher(name).matches() || !SharePath.isAcceptableName(name)) {
      throw new ShareException(
          Kind.INVALID,
          "share name must be 1-64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
    }
    Path real = checkFolder(folder);
    if (!store.insertShare(name, real.toString())) {
      throw new ShareException(Kind.CONFLICT, "a share named '" + name + "' already exists");
    }
    reload();
    return new ShareView(name, real.toString(), true, List.of(), UploadRules.DEFAULT);
  }

  public void remove(String name) {
    if (!store.deleteShare(name)) {
      throw new ShareException(Kind.NOT_FOUND, "no share named '" + name + "'");
    }
    reload();
  }

  /** Grants or changes access; returns true when a new grant was created. */
  public boolean grant(String shareName, PeerId peer, Access access) {
    ShareStore.PutGrant put = store.putGrant(shareName, peer.value(), access);
    if (put == ShareStore.PutGrant.NO_SUCH_SHARE) {
      throw new ShareException(Kind.NOT_FOUND, "no share named '" + shareName + "'");
    }
    reload();
    return put == ShareStore.PutGrant.CREATED;
  }

  public void revoke(String shareName, PeerId peer) {
    if (!store.deleteGrant(shareName, peer.value())) {
      throw new ShareException(Kind.NOT_FOUND, "no grant for that peer on '" + shareName + "'");
    }
    reload();
  }

  /** Rebuilds the in-memory grant table from the store. */
  public void reload() {
    List<GrantTable.Row> rows = new ArrayList<>();
    for (ShareStore.SavedGrant g : store.grants()) {
      PeerId.tryParse(g.peerId())
          .ifPresent(
              p ->
                  rows.add(
                      new GrantTable.Row(
                          p, g.share(), Path.of(g.folder()), g.access(), g.rules())));
    }
    table.set(GrantTable.of(rows));
    listeners.forEach(Runnable::run);
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public List<GrantedShare> sharesFor(PeerId peer) {
    return table.get().sharesFor(peer);
  }

  @Override
  public Set<PeerId> grantees() {
    return table.get().grantees();
  }

  @Override
  public Optional<GrantedShare> share(PeerId peer, String name) {
    return table.get().share(peer, name);
  }

  private Path checkFolder(String folder) {
    if (folder == null || folder.isBlank() || !Path.of(folder).isAbsolute()) {
      throw new ShareException(Kind.INVALID, "folder must be an absolute path");
    }
    Path real;
    try {
      real = Path.of(folder).toRealPath();
    } catch (IOException e) {
      throw new ShareException(Kind.INVALID, "folder does not exist: " + folder);
    }
    if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new ShareException(Kind.INVALID, "not a folder: " + folder);
    }
    Path data;
    try {
      data = dataDir.toAbsolutePath().normalize();
      data = Files.exists(data) ? data.toRealPath() : data;
    } catch (IOException e) {
      data = dataDir.toAbsolutePath().normalize();
    }
    // Sharing a folder that contains the data dir would hand out our private key.
    if (data.startsWith(real) || real.startsWith(data)) {
      throw new ShareException(
          Kind.INVALID,
          "this folder contains (or is inside) Drawbridge's own data folder, which holds your private key");
    }
    return real;
  }
}
