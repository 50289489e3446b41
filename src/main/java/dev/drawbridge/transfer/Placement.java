package dev.drawbridge.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 * Puts a verified partial file in place under its final name, atomically and without ever replacing
 * an existing file: a name that is taken becomes "name (1).ext", "name (2).ext"...
 */
public final class Placement {
  // Java adds the "user." namespace itself on Linux, so this is user.xdg.origin.url on disk.
  private static final String ORIGIN_ATTRIBUTE = "xdg.origin.url";
  // Which transfer file this is (user.drawbridge.file): lets a restart after kill -9 recognise a
  // file it placed but had no time to record, instead of placing it a second time as "name (1)".
  private static final String PLACEMENT_ATTRIBUTE = "drawbridge.file";
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
   * Moves {@code partial} to {@code destinationDir} as {@code name} (made safe by {@link
   * LocalName}) or the first free "name (n).ext", tags it with where it came from, and returns
   * where it went. The partial file should be in the same directory (see {@link
   * PartialFile#partialFor}): an atomic move cannot cross file systems.
   */
  public static Path place(Path partial, Path destinationDir, String name, String originUrl)
      throws IOException {
    return place(partial, destinationDir, name, originUrl, null);
  }

  /** As above, also tagging the file with {@code placementId} for {@link #placedEarlier}. */
  public static Path place(
      Path partial, Path destinationDir, String name, String originUrl, String placementId)
      throws IOException {
    if (!Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(partial.toString(), null, "no partial file to place");
    }
    String safe = LocalName.of(name);
    Files.createDirectories(destinationDir);
    // Tagged before it gets its final name, so the file is never visible without its origin.
    tag(partial, ORIGIN_ATTRIBUTE, originUrl);
    tag(partial, PLACEMENT_ATTRIBUTE, placementId);
    for (int n = 0; n < MAX_TRIES; n++) {
      String candidate = LocalName.numbered(safe, n);
      Path target = destinationDir.resolve(candidate);
      if (claim(partial, target)) {
        return target;
      }
    }
    throw new IOException(
        "no free name for " + safe + " in " + destinationDir + " after " + MAX_TRIES + " tries");
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
   * rename() silently replaces an existing file on Linux, so the check and the move happen under a
   * lock: safe against other downloads in this process, which is the only writer we expect.
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

  /**
   * The file that {@link #place} put under {@code name} (or one of its "name (n)" forms) in {@code
   * destinationDir} tagged with {@code placementId}, or null. Looks only at the names a placement
   * would have tried, up to the first free one. Without extended attributes on the file system this
   * finds nothing, and a file may then be placed twice after a crash (never lost).
   */
  public static Path placedEarlier(Path destinationDir, String name, String placementId) {
    String safe = LocalName.of(name);
    for (int n = 0; n < MAX_TRIES; n++) {
      String candidate = LocalName.numbered(safe, n);
      Path target = destinationDir.resolve(candidate);
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          && placementId.equals(read(target, PLACEMENT_ATTRIBUTE))) {
        return target;
      }
    }
    return null;
  }

  private static String read(Path file, String attribute) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(
            file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return null;
    }
    try {
      ByteBuffer buf = ByteBuffer.allocate(256);
      if (view.size(attribute) > buf.capacity()) {
        return null;
      }
      view.read(attribute, buf);
      return StandardCharsets.UTF_8.decode(buf.flip()).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null; // untagged (the usual case for a file someone else put there)
    }
  }

  /** Best effort: desktops show the origin and scanners use it; not every file system stores it. */
  private static void tag(Path file, String attribute, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      view.write(attribute, StandardCharsets.UTF_8.encode(value));
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debugf("cannot tag %s with %s: %s", file, attribute, e.getMessage());
    }
  }
}
