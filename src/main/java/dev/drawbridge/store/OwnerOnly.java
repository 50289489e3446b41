package dev.drawbridge.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The data dir (private key, database) is owner-only: the dir 0700, the database files 0600. Made
 * so when created, and tightened on every start when an older version or a hand-made dir left them
 * too open (one log line naming what was fixed).
 */
public final class OwnerOnly {
  private static final Logger LOG = Logger.getLogger(OwnerOnly.class);
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /** Creates {@code dir} (and missing parents) 0700, or tightens it to 0700 if it exists. */
  public static void directory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir); // not a POSIX file system
        return;
      }
    }
    tighten(List.of(dir));
  }

  /**
   * Makes the database file 0600 before SQLite opens it (SQLite gives -wal/-shm the database file's
   * mode), and tightens the file and its -wal/-shm/-journal if they exist and are too open.
   */
  static void databaseFiles(Path dbFile) throws IOException {
    directory(dbFile.toAbsolutePath().getParent());
    if (!Files.exists(dbFile)) {
      try {
        Files.createFile(dbFile, PosixFilePermissions.asFileAttribute(FILE)); // empty = valid db
      } catch (FileAlreadyExistsException raced) {
        // someone else made it; tightened below
      } catch (UnsupportedOperationException e) {
        return;
      }
    }
    List<Path> files = new ArrayList<>();
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      files.add(dbFile.resolveSibling(dbFile.getFileName() + suffix));
    }
    tighten(files);
  }

  private static void tighten(List<Path> paths) throws IOException {
    List<String> fixed = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p) || Files.isSymbolicLink(p)) {
        continue;
      }
      Set<PosixFilePermission> mode;
      try {
        mode = Files.getPosixFilePermissions(p);
      } catch (UnsupportedOperationException e) {
        return;
      }
      Set<PosixFilePermission> wanted = Files.isDirectory(p) ? DIR : FILE;
      if (!wanted.containsAll(mode) || (Files.isDirectory(p) && !mode.containsAll(wanted))) {
        Files.setPosixFilePermissions(p, wanted);
        fixed.add(p.getFileName() + " " + PosixFilePermissions.toString(mode));
      }
    }
    if (!fixed.isEmpty()) {
      LOG.warnf(
          "Data dir was readable by others; made owner-only: %s (in %s)",
          String.join(", ", fixed), paths.get(0).toAbsolutePath().getParent());
    }
  }
}
