package dev.drawbridge.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.jboss.logging.Logger;

/**
 * Puts a verified partial file in place under its final name, atomically and without ever
 * replacing an existing file: a name that is taken becomes "name (1).ext", "name (2).ext"...
 */
public final class Placement {
  // Java adds the "user." namespace itself on Linux, so this is user.xdg.origin.url on disk.
  private static final String ORIGIN_ATTRIBUTE = "xdg.origin.url";
  private static final int MAX_TRIES = 10_000;
  // Only for file systems without hard links; striped so the lock table stays bounded.
  private static final Object[] DIRECTORY_LOCKS = new Object[64];
  private static final Logger LOG = Logger.getLogger(Placement.class);

  static {
    for (int i = 0; i < DIRECTORY_LOCKS.length; i++) {
      DIRECTORY_LOCKS[i] = new Object();
    }
  }

  private Placement() {}

  /**
   * Moves {@code partial} to {@code destinationDir} as {@code name} (made safe by {@link LocalName})
   * or the first free "name (n).ext", tags it with where it came from, and returns where it went.
   * The partial file should be in the same directory (see {@link PartialFile#partialFor}): an
   * atomic move cannot cross file systems.
   */
  public static Path place(Path partial, Path destinationDir, String name, String originUrl) throws IOException {
    if (!Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(partial.toString(), null, "no partial file to place");
    }
    String safe = LocalName.of(name);
    Files.createDirectories(destinationDir);
    // Tagged before it gets its final name, so the file is never visible without its origin.
    tagOrigin(partial, originUrl);
    int ext = LocalName.extensionStart(safe);
    for (int n = 0; n < MAX_TRIES; n++) {
      String candidate = n == 0 ? safe
          : LocalName.fit(safe.substring(0, ext), " (" + n + ")" + safe.substring(ext));
      Path target = destinationDir.resolve(candidate);
      if (claim(partial, target)) {
        return target;
      }
    }
    throw new IOException("no free name for " + safe + " in " + destinationDir + " after " + MAX_TRIES + " tries");
  }

  /** Moves the file to {@code target} unless that name is taken; false when it is. */
  private static boolean claim(Path partial, Path target) throws IOException {
    try {
      // link() refuses an existing target in the kernel, so no other process can slip in between.
      Files.createLink(target, partial);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException | UnsupportedOperationException e) {
      return moveUnderLock(partial, target); // e.g. FAT, exFAT, some network shares
    }
    try {
      Files.delete(partial);
    } catch (IOException e) {
      // The file is in place; failing now would make a retry place it a second time. A stray
      // hidden .drawbridge-* file is harmless (listings skip it) and clean-up removes it later.
      LOG.warnf(e, "placed %s but could not remove %s", target, partial);
    }
    return true;
  }

  /**
   * rename() silently replaces an existing file on Linux, so the check and the move happen under
   * a lock: safe against other downloads in this process, which is the only writer we expect.
   */
  private static boolean moveUnderLock(Path partial, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    synchronized (DIRECTORY_LOCKS[Math.floorMod(dir.hashCode(), DIRECTORY_LOCKS.length)]) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  /** Best effort: desktops show it and scanners use it; not every file system stores it. */
  private static void tagOrigin(Path file, String originUrl) {
    if (originUrl == null || originUrl.isEmpty()) {
      return;
    }
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      view.write(ORIGIN_ATTRIBUTE, StandardCharsets.UTF_8.encode(originUrl));
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debugf("cannot tag %s with its origin: %s", file, e.getMessage());
    }
  }
}
