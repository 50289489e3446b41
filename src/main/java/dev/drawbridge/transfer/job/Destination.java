package dev.drawbridge.transfer.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The local folder a download goes into, as the owner asked for it: an absolute path without {@code
 * ..}, naming a folder that exists and takes new files, or one that can be created (its nearest
 * existing parent takes new folders). Checked before a job starts, so a bad choice is a clear error
 * at once rather than a failed job later. Blocks (file system): not on an event loop.
 */
public final class Destination {
  private Destination() {}

  /**
   * {@code requested} checked and normalized; blank means {@code fallback} (the configured folder).
   */
  public static Path resolve(String requested, Path fallback) {
    return usable(resolveLexically(requested, fallback));
  }

  /** Only the path's form (absolute, no {@code ..}), normalized; the disk is not consulted. */
  public static Path resolveLexically(String requested, Path fallback) {
    if (requested == null || requested.isBlank()) {
      return fallback.toAbsolutePath().normalize();
    }
    Path p;
    try {
      p = Path.of(requested.strip());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("the destination is not a valid path: " + e.getReason());
    }
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(
          "the destination must be an absolute folder path, not \"" + requested.strip() + "\"");
    }
    for (Path part : p) {
      if (part.toString().equals("..")) {
        throw new IllegalArgumentException(
            "the destination must not contain \"..\": give the folder itself");
      }
    }
    return p.normalize();
  }

  private static Path usable(Path p) {
    if (Files.exists(p)) {
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException(p + " is a file, not a folder");
      }
      if (!takesNewFiles(p)) {
        throw new IllegalArgumentException("cannot write into " + p);
      }
      return p;
    }
    Path existing = p.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new IllegalArgumentException(
          "cannot create "
              + p
              + (existing == null ? "" : ": " + existing + " is a file, not a folder"));
    }
    if (!takesNewFiles(existing)) {
      throw new IllegalArgumentException(
          "cannot create " + p + ": " + existing + " is not writable");
    }
    return p;
  }

  /**
   * Tries it: permission bits do not tell (root ignores them; read-only mounts and /proc refuse
   * anyway). The probe is hidden like our partial files and gone at once.
   */
  private static boolean takesNewFiles(Path dir) {
    try {
      Path probe = Files.createTempFile(dir, ".drawbridge-probe-", ".tmp");
      Files.delete(probe);
      return true;
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return false;
    }
  }
}
