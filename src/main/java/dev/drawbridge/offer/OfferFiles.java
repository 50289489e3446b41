package dev.drawbridge.offer;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sender's list of files from local paths the owner picked: a file as its name, a folder as its
 * name and everything below it (symlinks not followed: a link could lead anywhere).
 */
final class OfferFiles {
  private OfferFiles() {}

  static List<OfferFile> of(List<Path> picked) throws IOException {
    List<OfferFile> out = new ArrayList<>();
    for (Path p : picked) {
      if (!p.isAbsolute()) {
        throw OfferRefused.bad("give absolute paths: " + p);
      }
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        add(out, p.getFileName().toString(), p);
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Path base = p.getParent();
        try (Stream<Path> walk =
            Files.walk(
                p,
                Integer.MAX_VALUE,
                EnumSet.noneOf(FileVisitOption.class).toArray(FileVisitOption[]::new))) {
          for (Path f : (Iterable<Path>) walk.sorted()::iterator) {
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
              add(out, base.relativize(f).toString().replace('\\', '/'), f);
            }
          }
        }
      } else {
        throw OfferRefused.bad("no such file or folder: " + p);
      }
    }
    if (out.isEmpty()) {
      throw OfferRefused.bad("there are no files to send");
    }
    return out;
  }

  private static void add(List<OfferFile> out, String path, Path local) throws IOException {
    if (out.size() >= InboxRules.MAX_FILES) {
      throw OfferRefused.bad("at most " + InboxRules.MAX_FILES + " files in one offer");
    }
    long size = Files.size(local);
    out.add(new OfferFile(out.size(), path, size, null, FileState.PENDING, local.toString()));
  }
}
