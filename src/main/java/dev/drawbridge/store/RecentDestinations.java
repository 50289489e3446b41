package dev.drawbridge.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last few folders downloads went into, newest first, kept in the settings table for the UI to
 * offer.
 */
public final class RecentDestinations {
  static final String SETTING = "transfers.recent-destinations";
  static final int KEEP = 5;

  private RecentDestinations() {}

  public static List<String> list() {
    return Setting.read(SETTING).map(v -> List.of(v.split("\n"))).orElse(List.of()).stream()
        .filter(s -> !s.isBlank())
        .toList();
  }

  /**
   * Moves {@code used} to the front; the oldest falls off beyond {@link #KEEP}. Blocks (SQLite).
   */
  static synchronized void remember(Path used) {
    String path = used.toString();
    if (path.contains("\n")) {
      return; // cannot be stored one per line; such a folder is simply not offered again
    }
    List<String> next = new ArrayList<>();
    next.add(path);
    for (String s : list()) {
      if (!s.equals(path) && next.size() < KEEP) {
        next.add(s);
      }
    }
    String value = String.join("\n", next);
    // One write statement, no read before it in the same transaction: SQLite (WAL) refuses to turn
    // a reading transaction into a writing one once another connection wrote in between.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                Setting.getEntityManager()
                    .createNativeQuery(
                        "INSERT INTO setting(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
                    .setParameter(1, SETTING)
                    .setParameter(2, value)
                    .executeUpdate());
  }
}
