package dev.drawbridge.share;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * One page of a directory listing, sorted by name; memory bounded by the page size, not the folder
 * size.
 *
 * <p>Order is Java {@link String#compareTo} order of the names (UTF-16 code units, no locale, no
 * case folding): cheap, total and stable, which is what a cursor needs. It is not a human
 * collation; UIs that want one sort a page themselves.
 *
 * <p>Pages may hold fewer than {@code limit} entries even when more follow: candidates are chosen
 * by name first and only then stat'ed, and those that turn out to be symlinks, special files or
 * gone are dropped. So a client must follow {@code next} until it is null, not stop at a short
 * page.
 */
public record DirectoryPage(List<Entry> entries, String next) {
  public static final int MAX_LIMIT = 1000;
  // Our own in-progress files (uploads, later); never shown to peers.
  static final String PRIVATE_PREFIX = ".drawbridge-";

  public record Entry(String name, Type type, long size, Instant modified) {}

  public enum Type {
    FILE,
    DIR
  }

  public DirectoryPage {
    entries = List.copyOf(entries);
  }

  /**
   * Lists {@code dir} (a directory from {@link ShareRoot#resolveExisting}) from just after {@code
   * cursor} (null = from the start). {@code limit} is clamped to 1..{@link #MAX_LIMIT}. {@code
   * next} encodes the last name this page examined (normally its last entry), or is null at the
   * end.
   *
   * @throws IllegalArgumentException "bad cursor" for a cursor we could not have issued
   */
  public static DirectoryPage list(Path dir, String cursor, int limit) throws IOException {
    return list(dir, cursor, limit, null);
  }

  /**
   * As {@link #list(Path, String, int)}, taking a large folder's sorted names from {@code cache}
   * (null = no cache) instead of reading the whole folder for every page.
   */
  public static DirectoryPage list(Path dir, String cursor, int limit, ListingCache cache)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    String after = cursor == null ? null : PageCursor.decode(cursor);
    int pageSize = Math.max(1, Math.min(MAX_LIMIT, limit));

    List<String> all = cache == null ? null : cache.sortedNames(dir);
    List<String> candidates =
        all == null
            ? smallestNamesAfter(dir, after, pageSize + 1)
            : after(all, after, pageSize + 1);
    boolean more = candidates.size() > pageSize;
    if (more) {
      candidates = candidates.subList(0, pageSize);
    }

    List<Entry> entries = new ArrayList<>(candidates.size());
    for (String name : candidates) {
      Entry e = stat(dir.resolve(name), name);
      if (e != null) {
        entries.add(e);
      }
    }
    String next = more ? PageCursor.encode(candidates.get(candidates.size() - 1)) : null;
    return new DirectoryPage(entries, next);
  }

  /**
   * The {@code count} smallest acceptable names greater than {@code after}, sorted, using one pass
   * over the directory and a max-heap of at most {@code count} names.
   */
  private static List<String> smallestNamesAfter(Path dir, String after, int count)
      throws IOException {
    PriorityQueue<String> largestOnTop = new PriorityQueue<>(count + 1, Comparator.reverseOrder());
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        String name = child.getFileName().toString();
        if (after != null && name.compareTo(after) <= 0) {
          continue;
        }
        if (largestOnTop.size() == count && name.compareTo(largestOnTop.peek()) >= 0) {
          continue; // cannot make this page; skip before the costlier name checks
        }
        if (name.startsWith(PRIVATE_PREFIX) || !SharePath.isAcceptableName(name)) {
          continue;
        }
        largestOnTop.add(name);
        if (largestOnTop.size() > count) {
          largestOnTop.poll();
        }
      }
    }
    List<String> sorted = new ArrayList<>(largestOnTop);
    Collections.sort(sorted);
    return sorted;
  }

  /** Up to {@code count} names of the sorted {@code all} greater than {@code after}. */
  private static List<String> after(List<String> all, String after, int count) {
    int from = 0;
    if (after != null) {
      int i = Collections.binarySearch(all, after);
      from = i >= 0 ? i + 1 : -i - 1;
    }
    return all.subList(from, Math.min(all.size(), from + count));
  }

  /** The entry for {@code path}, or null when it is not something we show (or has vanished). */
  private static Entry stat(Path path, String name) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null; // deleted between listing and stat: simply not there any more
    }
    Type type;
    if (attrs.isDirectory()) {
      type = Type.DIR;
    } else if (attrs.isRegularFile()) {
      type = Type.FILE;
    } else {
      return null; // symlinks are never shown; fifos, devices and sockets neither
    }
    long size = type == Type.DIR ? 0 : attrs.size();
    Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS);
    return new Entry(name, type, size, modified);
  }
}
