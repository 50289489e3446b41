package dev.drawbridge.transfer.job;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The local file or folder an upload job sends, as the owner named it: an absolute path without
 * {@code ..}, that exists, is readable, and is not itself a symbolic link (links inside a folder
 * are skipped by the walk, never followed). Checked before a job starts, so a bad choice is a clear
 * error at once. Blocks (file system).
 */
public final class UploadSource {
  private UploadSource() {}

  public static Path check(String requested) {
    if (requested == null || requested.isBlank()) {
      throw new IllegalArgumentException("give \"source\": the local file or folder to send");
    }
    Path p;
    try {
      p = Path.of(requested.strip());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("the source is not a valid path: " + e.getReason());
    }
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(
          "the source must be an absolute path, not \"" + requested.strip() + "\"");
    }
    for (Path part : p) {
      if (part.toString().equals("..")) {
        throw new IllegalArgumentException(
            "the source must not contain \"..\": give the file or folder itself");
      }
    }
    if (Files.isSymbolicLink(p)) {
      throw new IllegalArgumentException(
          p + " is a symbolic link: give the file or folder it points to");
    }
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(p + " does not exist on this computer");
    }
    boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    if (!dir && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(p + " is not a file or a folder");
    }
    if (!Files.isReadable(p) || dir && !Files.isExecutable(p)) {
      throw new IllegalArgumentException("Drawbridge may not read " + p);
    }
    return p.normalize();
  }
}
