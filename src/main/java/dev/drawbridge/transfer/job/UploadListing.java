package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.LocalName;
import dev.drawbridge.transfer.failure.KnownFailureException;
import dev.drawbridge.transfer.failure.TransferFailure;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/**
 * Lists what an upload job sends, once (then stored, like a download's folder listing):
 *
 * <ol>
 *   <li>walks the local folder (blocking; symbolic links are never followed, bounded by the same
 *       file count and depth limits as downloads: over a limit fails the job before anything goes);
 *   <li>creates the top folder on the host (MKCOL): a file with that name there (409) makes it
 *       "name (1)" by the one numbering rule; an existing folder is gone into;
 *   <li>creates the folders with nothing in them (the host creates files' parents at placement).
 * </ol>
 */
final class UploadListing {
  /** What the local walk found: files (path below the source's parent) and empty folders. */
  record Local(List<Path> files, List<Path> emptyFolders) {}

  private UploadListing() {}

  /** Blocking: the walk below {@code source} (a folder), sorted. */
  static Local walk(Path source, int maxFiles, int maxDepth) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> empty = new ArrayList<>();
    Files.walkFileTree(
        source,
        EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        maxDepth + 1,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            try (var entries = Files.list(dir)) {
              if (entries.findAny().isEmpty() && !dir.equals(source)) {
                empty.add(source.relativize(dir));
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            Path below = source.relativize(file);
            if (below.getNameCount() > maxDepth) {
              throw new KnownFailureException(
                  new TransferFailure.OverLimit(TransferFailure.OverLimit.Limit.TOO_DEEP, maxDepth),
                  source + " is deeper than " + maxDepth + " levels");
            }
            if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE; // symbolic links, devices, sockets: never sent
            }
            if (files.size() >= maxFiles) {
              throw new KnownFailureException(
                  new TransferFailure.OverLimit(
                      TransferFailure.OverLimit.Limit.TOO_MANY_FILES, maxFiles),
                  source + " has more than " + maxFiles + " files");
            }
            files.add(below);
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(Comparator.comparing(Path::toString));
    empty.sort(Comparator.comparing(Path::toString));
    return new Local(files, empty);
  }

  /**
   * Creates the top folder at the first free name below {@code into}; its path in the share. A
   * folder of that name is used as it is (its files get their own "(n)" names if taken).
   */
  static Future<SharePath> topFolder(
      UploadLink link, PeerId peer, String share, SharePath into, String name, int n) {
    SharePath top;
    try {
      top = into.child(LocalName.numbered(name, n));
    } catch (BadPathException e) {
      return Future.failedFuture(badName(peer, e));
    }
    return link.mkdir(peer, share, top)
        .map(v -> top)
        .recover(
            e ->
                FileUploadRun.status(e) == 409 && n + 1 < FileUploadRun.MAX_NAMES
                    ? topFolder(link, peer, share, into, name, n + 1)
                    : Future.failedFuture(e));
  }

  /** The empty folders, one after the other (few: folders with files come with their files). */
  static Future<Void> emptyFolders(
      UploadLink link, PeerId peer, String share, SharePath top, List<Path> empty, int from) {
    if (from >= empty.size()) {
      return Future.succeededFuture();
    }
    SharePath folder;
    try {
      folder = below(top, empty.get(from));
    } catch (BadPathException e) {
      return Future.failedFuture(badName(peer, e));
    }
    return link.mkdir(peer, share, folder)
        .compose(v -> emptyFolders(link, peer, share, top, empty, from + 1));
  }

  /** The job's files: each local file, where it goes in the share, and its path as shown. */
  static List<JobFile> files(
      JobRow row, PeerId peer, Path source, SharePath top, List<Path> found, String shownTop)
      throws IOException {
    List<JobFile> files = new ArrayList<>();
    for (Path below : found) {
      Path local = source.resolve(below);
      JobFile f = new JobFile();
      f.id = UUID.randomUUID().toString();
      f.transferId = row.id;
      try {
        f.remotePath = below(top, below).toString();
      } catch (BadPathException e) {
        throw new KnownFailureException(badNameFailure(peer), local + ": " + e.getMessage());
      }
      f.relativePath = shownTop + below.toString().replace('\\', '/');
      f.localPath = local.toString();
      f.size = Files.size(local);
      files.add(f);
    }
    return files;
  }

  /** A single file: it goes into the folder itself. */
  static JobFile single(JobRow row, PeerId peer, Path source, SharePath into) throws IOException {
    JobFile f = new JobFile();
    f.id = UUID.randomUUID().toString();
    f.transferId = row.id;
    String name = source.getFileName().toString();
    try {
      f.remotePath = into.child(name).toString();
    } catch (BadPathException e) {
      throw new KnownFailureException(badNameFailure(peer), source + ": " + e.getMessage());
    }
    f.relativePath = name;
    f.localPath = source.toString();
    f.size = Files.size(source);
    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(source + " is not a regular file");
    }
    return f;
  }

  private static SharePath below(SharePath top, Path below) throws BadPathException {
    SharePath p = top;
    for (Path part : below) {
      p = p.child(part.toString());
    }
    return p;
  }

  private static TransferFailure badNameFailure(PeerId peer) {
    return new TransferFailure.Upload(
        DisplayName.of(peer), TransferFailure.Upload.Problem.BAD_NAME);
  }

  private static Throwable badName(PeerId peer, BadPathException e) {
    return new KnownFailureException(badNameFailure(peer), e.getMessage());
  }
}
