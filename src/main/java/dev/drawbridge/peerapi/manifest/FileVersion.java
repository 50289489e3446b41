package dev.drawbridge.peerapi.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * One version of one file: its real path, size, modification time (nanoseconds) and file key
 * (device and inode on POSIX). A manifest is valid for exactly one version, so this is the cache
 * key; {@link #etag()} is the strong validator the peer API sends for that version.
 */
public record FileVersion(Path path, long size, long mtimeNanos, String fileKey, String etag) {
  /**
   * Reads the version of the regular file at {@code path} (a real path), without following links.
   */
  public static FileVersion read(Path path) throws IOException {
    return of(
        path, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }

  public static FileVersion of(Path path, BasicFileAttributes a) {
    long mtimeNanos = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Object key = a.fileKey();
    // Strong validator: changes when size, mtime or the inode changes (a replaced file).
    String etag =
        "\""
            + Long.toHexString(a.size())
            + "-"
            + Long.toHexString(mtimeNanos)
            + (key == null ? "" : "-" + Integer.toHexString(key.hashCode()))
            + "\"";
    return new FileVersion(path, a.size(), mtimeNanos, key == null ? "" : key.toString(), etag);
  }
}
