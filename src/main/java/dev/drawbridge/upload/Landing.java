package dev.drawbridge.upload;

import dev.drawbridge.share.SharePath;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Puts a verified partial file at its name inside a root, atomically: never over an existing name
 * (hard link, which the kernel refuses onto an existing name, then unlink of the partial), or, when
 * the rules allow replacing and the sender named the current version with If-Match, by an atomic
 * rename over it. Missing parent folders are created one at a time without following links; an
 * existing name on the way that is not a real folder is a conflict.
 */
final class Landing {
  private static final Logger LOG = Logger.getLogger(Landing.class);
  // Checks and moves that the kernel cannot make atomic for us are made atomic in this process.
  private static final Object[] LOCKS = new Object[64];

  static {
    for (int i = 0; i < LOCKS.length; i++) {
      LOCKS[i] = new Object();
    }
  }

  private Landing() {}

  /**
   * The folder that will hold {@code path}, creating missing folders when {@code create}; refuses a
   * file or link on the way. Blocking.
   */
  static Path parentOf(Path root, SharePath path, boolean create) throws UploadRefusal {
    Path dir = root;
    for (int i = 0; i < path.segments().size() - 1; i++) {
      dir = dir.resolve(path.segments().get(i));
      folder(dir, create);
    }
    return dir;
  }

  /**
   * As {@link #parentOf(Path, SharePath, boolean)}, creating, for many files at once: folders in
   * {@code known} were checked already; a folder created here adds its parent to {@code touched}
   * (whose new names the caller makes durable).
   */
  static Path parentOf(Path root, SharePath path, Set<Path> known, Set<Path> touched)
      throws UploadRefusal {
    Path dir = root;
    for (int i = 0; i < path.segments().size() - 1; i++) {
      dir = dir.resolve(path.segments().get(i));
      if (!known.contains(dir)) {
        if (folder(dir, true)) {
          touched.add(dir.getParent());
        }
        known.add(dir);
      }
    }
    return dir;
  }

  /** Makes {@code dir} a real folder (created if missing and allowed); true when created. */
  static boolean folder(Path dir, boolean create) throws UploadRefusal {
    BasicFileAttributes a = stat(dir);
    if (a == null && create) {
      try {
        Files.createDirectory(dir);
        return true;
      } catch (FileAlreadyExistsException e) {
        a = stat(dir); // someone else made it meanwhile
      } catch (IOException e) {
        throw new UploadRefusal(UploadRefusal.Reason.INSUFFICIENT_STORAGE, "cannot create folder");
      }
    }
    if (a != null && !a.isDirectory()) {
      throw new UploadRefusal(UploadRefusal.Reason.EXISTS, "a file has the name of a folder");
    }
    return false;
  }

  /** The file's attributes without following a link; null when there is no such name. */
  static BasicFileAttributes stat(Path p) throws UploadRefusal {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UploadRefusal(UploadRefusal.Reason.NOT_FOUND, "not found");
    }
  }

  /**
   * Checks that {@code path} may be written now: refuses an existing name (409) unless {@code
   * ifMatch} is given on rules that allow replacing and names the current regular file (else 412).
   */
  static void checkFree(
      Path root, SharePath path, boolean allowReplace, String ifMatch, Function<Path, String> etags)
      throws UploadRefusal {
    if (ifMatch != null && !allowReplace) {
      throw new UploadRefusal(UploadRefusal.Reason.EXISTS, "this share does not allow replacing");
    }
    Path dir = parentOf(root, path, false);
    BasicFileAttributes a = stat(dir) == null ? null : stat(dir.resolve(path.name()));
    if (a == null) {
      if (ifMatch != null) {
        throw new UploadRefusal(UploadRefusal.Reason.PRECONDITION_FAILED, "the file is gone");
      }
      return;
    }
    if (ifMatch == null || !a.isRegularFile()) {
      throw new UploadRefusal(UploadRefusal.Reason.EXISTS, "a file or folder has that name");
    }
    if (!ifMatch.equals(etags.apply(dir.resolve(path.name())))) {
      throw new UploadRefusal(
          UploadRefusal.Reason.PRECONDITION_FAILED, "the file changed since If-Match was taken");
    }
  }

  /** Places {@code partial} at {@code path}; returns the placed file. Blocking. */
  static Path place(
      Path partial,
      Path root,
      SharePath path,
      boolean allowReplace,
      String ifMatch,
      Function<Path, String> etags)
      throws UploadRefusal, IOException {
    Path dir = parentOf(root, path, true);
    Path target = dir.resolve(path.name());
    if (ifMatch != null) {
      synchronized (LOCKS[Math.floorMod(target.hashCode(), LOCKS.length)]) {
        checkFree(root, path, allowReplace, ifMatch, etags); // re-checked at placement: 412
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      }
    }
    if (link(partial, target)) {
      try {
        Files.delete(partial);
      } catch (IOException e) {
        LOG.warnf(e, "placed %s but could not remove its partial", target);
      }
    }
    return target;
  }

  /**
   * Gives {@code partial} the name {@code target}, never over an existing name; true when the
   * partial's own name is still there to remove (a hard link), false when it was moved.
   */
  static boolean link(Path partial, Path target) throws UploadRefusal, IOException {
    synchronized (LOCKS[Math.floorMod(target.hashCode(), LOCKS.length)]) {
      try {
        Files.createLink(target, partial);
      } catch (FileAlreadyExistsException e) {
        throw new UploadRefusal(UploadRefusal.Reason.EXISTS, "a file or folder has that name");
      } catch (IOException | UnsupportedOperationException e) {
        // No hard links here (FAT, some network shares): check and rename under our lock.
        if (stat(target) != null) {
          throw new UploadRefusal(UploadRefusal.Reason.EXISTS, "a file or folder has that name");
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return false;
      }
    }
    return true;
  }
}
