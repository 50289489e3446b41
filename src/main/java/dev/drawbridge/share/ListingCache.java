package dev.drawbridge.share;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sorted names of large folders, per folder version (issue 9 item 4): a peer paging a 50,000
 * entry folder with {@code limit=1} costs a binary search per page, not a directory read and sort.
 *
 * <p>A folder version is its path, file key (inode) and modification time: adding, removing or
 * renaming an entry changes the folder's mtime, so a changed folder never hits an old entry. A
 * listing read while the folder changed (mtime differs before and after) is used once and not
 * cached. Memory is bounded by {@link #maxNames} names (~80 bytes each) over all cached folders.
 */
public final class ListingCache {
  /** Folders with fewer acceptable names are cheap to list directly and are not cached. */
  public static final int MIN_CACHED = 1000;

  public static final int DEFAULT_MAX_NAMES = 200_000;
  public static final int MAX_FOLDERS = 64;

  private record Version(Path dir, Object fileKey, long mtimeNanos) {}

  private final int maxNames;
  private final LinkedHashMap<Version, List<String>> sorted = new LinkedHashMap<>(16, 0.75f, true);
  private long names;
  private final AtomicLong sorts = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();

  public ListingCache() {
    this(DEFAULT_MAX_NAMES);
  }

  public ListingCache(int maxNames) {
    this.maxNames = maxNames;
  }

  /** No caching at all: every large page reads and sorts the folder. */
  public static ListingCache none() {
    return new ListingCache(0);
  }

  /**
   * The acceptable names of {@code dir}, sorted, if the folder has at least {@link #MIN_CACHED} of
   * them; null for a smaller folder (the caller pages it directly). Blocking I/O.
   */
  List<String> sortedNames(Path dir) throws IOException {
    Version before = version(dir);
    List<String> cached = get(before);
    if (cached != null) {
      hits.incrementAndGet();
      return cached;
    }
    List<String> all = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        String name = child.getFileName().toString();
        if (!name.startsWith(DirectoryPage.PRIVATE_PREFIX) && SharePath.isAcceptableName(name)) {
          all.add(name);
        }
      }
    }
    if (all.size() < MIN_CACHED) {
      return null;
    }
    Collections.sort(all);
    sorts.incrementAndGet();
    List<String> frozen = Collections.unmodifiableList(all);
    if (before.equals(version(dir))) {
      put(before, frozen);
    }
    return frozen;
  }

  /** Full reads and sorts of a large folder since start (tests, stats). */
  public long sorts() {
    return sorts.get();
  }

  public long hits() {
    return hits.get();
  }

  private static Version version(Path dir) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    java.time.Instant m = a.lastModifiedTime().toInstant();
    return new Version(
        dir,
        Objects.requireNonNullElse(a.fileKey(), ""),
        m.getEpochSecond() * 1_000_000_000L + m.getNano());
  }

  private synchronized List<String> get(Version v) {
    return sorted.get(v);
  }

  private synchronized void put(Version v, List<String> list) {
    if (list.size() > maxNames) {
      return;
    }
    // An older version of the same folder is useless now.
    for (Iterator<java.util.Map.Entry<Version, List<String>>> old = sorted.entrySet().iterator();
        old.hasNext(); ) {
      var e = old.next();
      if (e.getKey().dir().equals(v.dir())) {
        names -= e.getValue().size();
        old.remove();
      }
    }
    sorted.put(v, list);
    names += list.size();
    Iterator<List<String>> it = sorted.values().iterator();
    while ((names > maxNames || sorted.size() > MAX_FOLDERS) && it.hasNext()) {
      names -= it.next().size();
      it.remove();
    }
  }
}
