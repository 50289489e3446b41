package dev.drawbridge.offer;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The receiver's pick of a free name for an offered file: its own path when nothing is there, else
 * "name (1).ext", "name (2).ext"... (the sender cannot see our folder, so it cannot pick). The
 * placement still refuses to replace anything, so a race only fails that one upload.
 */
final class FreeName {
  private static final int MAX_TRIES = 10_000;

  private FreeName() {}

  static SharePath in(Path folder, SharePath wanted) throws BadPathException {
    Path parent = folder;
    for (String s : wanted.parent().segments()) {
      parent = parent.resolve(s);
    }
    String name = wanted.name();
    int dot = name.lastIndexOf('.');
    int ext = dot > 0 ? dot : name.length();
    for (int n = 0; n < MAX_TRIES; n++) {
      String candidate =
          n == 0 ? name : name.substring(0, ext) + " (" + n + ")" + name.substring(ext);
      if (!Files.exists(parent.resolve(candidate), LinkOption.NOFOLLOW_LINKS)) {
        return wanted.parent().child(candidate);
      }
    }
    throw new BadPathException("no free name for " + wanted + " after " + MAX_TRIES + " tries");
  }
}
