package dev.drawbridge.upload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Append-only record of what arrived; also the count the share quotas are checked against. Every
 * method may block (a database): call it from a worker thread, never an event loop.
 */
public interface ArrivalLog {
  /** Bytes and files that guests added to one share so far. */
  record Usage(long bytes, long files) {}

  void arrived(Arrival arrival);

  /**
   * Several arrivals at once (a batch upload): a database records them in one transaction, which
   * costs about what one arrival does.
   */
  default void arrivedAll(List<Arrival> arrivals) {
    arrivals.forEach(this::arrived);
  }

  Usage usage(String share);

  /** The newest arrivals into one share first, at most {@code limit}. */
  List<Arrival> recent(String share, int limit);

  /**
   * One page of {@link #page}: newest first, and the cursor for the next (older) page, null at the
   * end. Cursors are opaque: arrivals placed in the same millisecond (a batch) are never skipped.
   */
  record Page(List<Arrival> arrivals, String next) {}

  /**
   * The arrivals into one share older than the cursor {@code before} (null: the newest), at most
   * {@code limit}. This default pages by position; a store pages by its row ids.
   */
  default Page page(String share, String before, int limit) {
    int from;
    try {
      from = before == null ? 0 : Integer.parseInt(before);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("before must be a cursor from an earlier page");
    }
    if (from < 0 || limit < 1) {
      throw new IllegalArgumentException("before must be a cursor from an earlier page");
    }
    List<Arrival> all = recent(share, Integer.MAX_VALUE);
    List<Arrival> page =
        all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
    return new Page(List.copyOf(page), from + limit < all.size() ? "" + (from + limit) : null);
  }

  /** Kept in memory only: tests and the CDI-free core. */
  static ArrivalLog inMemory() {
    List<Arrival> all = new CopyOnWriteArrayList<>();
    return new ArrivalLog() {
      @Override
      public void arrived(Arrival arrival) {
        all.add(arrival);
      }

      @Override
      public Usage usage(String share) {
        long bytes = 0;
        long files = 0;
        for (Arrival a : all) {
          if (share.equals(a.share())) {
            bytes += a.bytes();
            files++;
          }
        }
        return new Usage(bytes, files);
      }

      @Override
      public List<Arrival> recent(String share, int limit) {
        List<Arrival> out = new ArrayList<>();
        for (Arrival a : all) {
          if (share.equals(a.share())) {
            out.add(a);
          }
        }
        out.sort(Comparator.comparingLong(Arrival::at).reversed());
        return out.subList(0, Math.min(limit, out.size()));
      }
    };
  }
}
