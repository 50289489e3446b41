package dev.drawbridge.share;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A share's folder on disk. Resolves SharePaths to real files without ever leaving the folder or
 * following a symlink.
 *
 * <p>Symlinks are never followed, even ones pointing inside the share: whether a link target is
 * "inside" can change between our check and the caller's open, and a host rarely means to publish
 * what a link points at. Special files (fifos, devices, sockets) are refused because opening one
 * can block forever or read a device. Every refusal is a {@link NoSuchFileException} whose message
 * is the share-relative path only, so a peer never learns where the share lives on the host.
 *
 * <p>This narrows, but cannot close, the window in which a local user swaps a checked directory for
 * a symlink; callers should still open the result with {@link LinkOption#NOFOLLOW_LINKS}.
 */
public final class ShareRoot {
  private final Path folder;

  /** {@code folder} must be an existing directory; its real path (links resolved) is kept. */
  public ShareRoot(Path folder) throws IOException {
    // The host chose this folder, so following links to it is the host's intent, unlike below.
    Path real = folder.toRealPath();
    if (!Files.isDirectory(real)) {
      throw new NotDirectoryException(folder.toString());
    }
    this.folder = real;
  }

  public Path folder() {
    return folder;
  }

  /**
   * The real file or directory at {@code p}, walking one segment at a time without following links.
   * Missing, symlinked (at any component) or special → {@link NoSuchFileException}.
   *
   * <p>A SharePath is already valid, so BadPathException is not thrown today; it is declared so a
   * future policy (say, per-share hidden names) can refuse without changing every caller.
   */
  public Path resolveExisting(SharePath p) throws BadPathException, NoSuchFileException {
    Objects.requireNonNull(p, "p");
    Path current = folder;
    int last = p.segments().size() - 1;
    for (int i = 0; i <= last; i++) {
      current = current.resolve(p.segments().get(i));
      BasicFileAttributes attrs = statNoFollow(current, p);
      if (attrs.isSymbolicLink() || attrs.isOther() || (i < last && !attrs.isDirectory())) {
        throw notFound(p);
      }
    }
    return insideOrNotFound(current, p);
  }

  /**
   * Where a new file at {@code p} would go, for uploads. The parent must be a real directory inside
   * the share; the target may be absent or an existing regular file (overwrite policy is the
   * caller's), but never a directory, symlink or special file.
   */
  public Path resolveForCreate(SharePath p) throws BadPathException, NoSuchFileException {
    Objects.requireNonNull(p, "p");
    if (p.isRoot()) {
      throw new BadPathException("cannot create the share root");
    }
    Path parent = resolveExisting(p.parent());
    if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      throw notFound(p.parent());
    }
    Path target = parent.resolve(p.name());
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return target; // the usual case: a new name
    } catch (IOException e) {
      throw notFound(p);
    }
    if (attrs.isDirectory()) {
      throw new BadPathException("a folder with that name exists");
    }
    if (!attrs.isRegularFile()) {
      // A symlink or special file: writing "through" it is exactly what we must not do.
      throw new BadPathException("name is not available");
    }
    return target;
  }

  private static BasicFileAttributes statNoFollow(Path path, SharePath p)
      throws NoSuchFileException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      // Any failure (absent, permission, I/O) looks the same to a peer; the cause would leak paths.
      throw notFound(p);
    }
  }

  /** Belt and braces: the walk saw no links, so the real path must still lie under the folder. */
  private Path insideOrNotFound(Path candidate, SharePath p) throws NoSuchFileException {
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException e) {
      throw notFound(p);
    }
    if (!real.startsWith(folder)) {
      throw notFound(p);
    }
    return real;
  }

  private static NoSuchFileException notFound(SharePath p) {
    return new NoSuchFileException("/" + p);
  }
}
