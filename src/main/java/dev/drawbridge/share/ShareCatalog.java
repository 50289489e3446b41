package dev.drawbridge.share;

import dev.drawbridge.PeerConfig;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.ShareException.Kind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The owner's shares and grants, stored in SQLite, served to the peer API from an in-memory
 * {@link GrantTable} that is rebuilt after every committed change.
 */
@ApplicationScoped
public class ShareCatalog implements ShareAccess {
  // Share names travel in URLs and show in UIs: keep them short and plain.
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,63}");

  private final AtomicReference<GrantTable> table = new AtomicReference<>(GrantTable.EMPTY);
  @Inject PeerConfig config;

  /** A share as the owner sees it. */
  public record ShareView(String name, String folder, boolean available, List<GrantView> grants) {}

  public record GrantView(String peerId, String name, Access access) {
    public static GrantView of(String peerId, Access access) {
      return new GrantView(peerId, PeerId.tryParse(peerId).map(dev.drawbridge.identity.DisplayName::of).orElse("?"), access);
    }
  }

  public List<ShareView> list() {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<ShareView> out = new ArrayList<>();
      for (Share s : Share.<Share>listAll(io.quarkus.panache.common.Sort.by("name"))) {
        List<GrantView> grants = Grant.<Grant>list("shareName", io.quarkus.panache.common.Sort.by("peerId"), s.name)
            .stream().map(g -> GrantView.of(g.peerId, g.access)).toList();
        out.add(new ShareView(s.name, s.folder, Files.isDirectory(Path.of(s.folder)), grants));
      }
      return out;
    });
  }

  public ShareView add(String name, String folder) {
    if (name == null || !NAME.matcher(name).matches() || !SharePath.isAcceptableName(name)) {
      throw new ShareException(Kind.INVALID,
          "share name must be 1-64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
    }
    Path real = checkFolder(folder);
    QuarkusTransaction.requiringNew().run(() -> {
      if (Share.findById(name) != null) {
        throw new ShareException(Kind.CONFLICT, "a share named '" + name + "' already exists");
      }
      Share s = new Share();
      s.name = name;
      s.folder = real.toString();
      s.createdAt = System.currentTimeMillis();
      s.persist();
    });
    reload();
    return new ShareView(name, real.toString(), true, List.of());
  }

  public void remove(String name) {
    boolean removed = QuarkusTransaction.requiringNew().call(() -> {
      Grant.delete("shareName", name);
      return Share.deleteById(name);
    });
    if (!removed) {
      throw new ShareException(Kind.NOT_FOUND, "no share named '" + name + "'");
    }
    reload();
  }

  /** Grants or changes access; returns true when a new grant was created. */
  public boolean grant(String shareName, PeerId peer, Access access) {
    boolean created = QuarkusTransaction.requiringNew().call(() -> {
      if (Share.findById(shareName) == null) {
        throw new ShareException(Kind.NOT_FOUND, "no share named '" + shareName + "'");
      }
      Grant g = Grant.find("shareName = ?1 and peerId = ?2", shareName, peer.value()).firstResult();
      boolean isNew = g == null;
      if (isNew) {
        g = new Grant();
        g.shareName = shareName;
        g.peerId = peer.value();
      }
      g.access = access;
      g.grantedAt = System.currentTimeMillis();
      g.persist();
      return isNew;
    });
    reload();
    return created;
  }

  public void revoke(String shareName, PeerId peer) {
    long n = QuarkusTransaction.requiringNew().call(() ->
        Grant.delete("shareName = ?1 and peerId = ?2", shareName, peer.value()));
    if (n == 0) {
      throw new ShareException(Kind.NOT_FOUND, "no grant for that peer on '" + shareName + "'");
    }
    reload();
  }

  /** Rebuilds the in-memory grant table from the database. */
  public void reload() {
    List<GrantTable.Row> rows = QuarkusTransaction.requiringNew().call(() -> {
      List<GrantTable.Row> out = new ArrayList<>();
      for (Grant g : Grant.<Grant>listAll()) {
        Share s = Share.findById(g.shareName);
        PeerId.tryParse(g.peerId).ifPresent(p ->
            out.add(new GrantTable.Row(p, g.shareName, Path.of(s.folder), g.access)));
      }
      return out;
    });
    table.set(GrantTable.of(rows));
  }

  @Override
  public List<GrantedShare> sharesFor(PeerId peer) {
    return table.get().sharesFor(peer);
  }

  @Override
  public java.util.Optional<GrantedShare> share(PeerId peer, String name) {
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
      data = config.dataDir().toAbsolutePath().normalize();
      data = Files.exists(data) ? data.toRealPath() : data;
    } catch (IOException e) {
      data = config.dataDir().toAbsolutePath().normalize();
    }
    // Sharing a folder that contains the data dir would hand out our private key.
    if (data.startsWith(real) || real.startsWith(data)) {
      throw new ShareException(Kind.INVALID,
          "this folder contains (or is inside) Drawbridge's own data folder, which holds your private key");
    }
    return real;
  }
}
