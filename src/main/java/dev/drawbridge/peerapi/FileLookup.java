package dev.drawbridge.peerapi;

import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.ShareRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Finds the regular file a request names inside a share, as one {@link FileVersion}. Blocking. */
final class FileLookup {
  private FileLookup() {}

  /**
   * The current version of the file at {@code target}: {@link IsDirectory} for a folder, an
   * IOException (404) for anything missing, linked or special.
   */
  static FileVersion find(GrantedShare share, SharePath target)
      throws IOException, BadPathException {
    if (target.isRoot()) {
      throw new IsDirectory();
    }
    if (target.isPrivate()) {
      // Our own partial files (.drawbridge-*) are not part of the share.
      throw new NoSuchFileException(target.toString());
    }
    Path path = new ShareRoot(share.folder()).resolveExisting(target);
    BasicFileAttributes a =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isDirectory()) {
      throw new IsDirectory();
    }
    if (!a.isRegularFile()) {
      throw new NoSuchFileException(target.toString());
    }
    return FileVersion.of(path, a);
  }

  /** Thrown off-loop when a file request names a folder. */
  static final class IsDirectory extends IOException {
    IsDirectory() {
      super("is a directory", null);
    }
  }
}
