package dev.drawbridge.store;

import dev.drawbridge.upload.Arrival;
import dev.drawbridge.upload.ArrivalLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What arrived, in SQLite (tables {@code arrival} and {@code arrival_usage}, V7). Append-only and
 * bounded to {@link #MAX_ROWS} rows, the oldest trimmed first. A share's usage (what its quota is
 * checked against) is a running total in its own {@code arrival_usage} row, added to in the same
 * transaction as the arrival: trimming old rows never gives quota back, and the check before each
 * upload is one primary-key read. Plain JDBC; every call blocks and is its own transaction.
 */
public final class SqlArrivalLog implements ArrivalLog {
  /** About 20 MB of database at typical path lengths. */
  public static final int MAX_ROWS = 100_000;

  // A page cursor: the last row's time and id ("<at>-<id>"): a batch shares one millisecond.
  private static final Pattern CURSOR = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

  private final DataSource db;
  private final int maxRows;

  public SqlArrivalLog(DataSource db) {
    this(db, MAX_ROWS);
  }

  SqlArrivalLog(DataSource db, int maxRows) {
    this.db = db;
    this.maxRows = maxRows;
  }

  @Override
  public void arrived(Arrival a) {
    arrivedAll(List.of(a));
  }

  @Override
  public void arrivedAll(List<Arrival> arrivals) {
    if (arrivals.isEmpty()) {
      return;
    }
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                jdbc(
                    c -> {
                      try (PreparedStatement s =
                          c.prepareStatement(
                              "INSERT INTO arrival (share_name, path, peer_id, bytes, sha256,"
                                  + " replaced, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        for (Arrival a : arrivals) {
                          s.setString(1, a.share());
                          s.setString(2, a.path());
                          s.setString(3, a.peerId());
                          s.setLong(4, a.bytes());
                          s.setString(5, a.sha256());
                          s.setInt(6, a.replaced() ? 1 : 0);
                          s.setLong(7, a.at());
                          s.addBatch();
                        }
                        s.executeBatch();
                      }
                      try (PreparedStatement s =
                          c.prepareStatement(
                              "INSERT INTO arrival_usage (share_name, bytes, files) VALUES (?, ?, 1)"
                                  + " ON CONFLICT (share_name) DO UPDATE SET"
                                  + " bytes = bytes + excluded.bytes, files = files + 1")) {
                        for (Arrival a : arrivals) {
                          if (a.share() != null) {
                            s.setString(1, a.share());
                            s.setLong(2, a.bytes());
                            s.addBatch();
                          }
                        }
                        s.executeBatch();
                      }
                      // Row ids only grow and only the oldest go: this keeps at most maxRows.
                      try (PreparedStatement s =
                          c.prepareStatement(
                              "DELETE FROM arrival WHERE id <= (SELECT MAX(id) FROM arrival) - ?")) {
                        s.setLong(1, maxRows);
                        s.executeUpdate();
                      }
                      return null;
                    }));
  }

  @Override
  public Usage usage(String share) {
    return jdbc(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT bytes, files FROM arrival_usage WHERE share_name = ?")) {
            s.setString(1, share);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? new Usage(rs.getLong(1), rs.getLong(2)) : new Usage(0, 0);
            }
          }
        });
  }

  @Override
  public List<Arrival> recent(String share, int limit) {
    return page(share, null, limit).arrivals();
  }

  @Override
  public Page page(String share, String before, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    long[] after = before == null ? null : cursor(before);
    int asked = limit == Integer.MAX_VALUE ? limit : limit + 1; // one more: is there a next page?
    return jdbc(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT path, peer_id, bytes, sha256, replaced, at, id FROM arrival"
                      + " WHERE share_name = ?"
                      + (after == null ? "" : " AND (at < ? OR (at = ? AND id < ?))")
                      + " ORDER BY at DESC, id DESC LIMIT ?")) {
            int n = 1;
            s.setString(n++, share);
            if (after != null) {
              s.setLong(n++, after[0]);
              s.setLong(n++, after[0]);
              s.setLong(n++, after[1]);
            }
            s.setInt(n, asked);
            List<Arrival> out = new ArrayList<>();
            String next = null;
            long lastId = 0;
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                if (out.size() == limit) {
                  next = out.get(out.size() - 1).at() + "-" + lastId;
                  break;
                }
                out.add(
                    new Arrival(
                        share,
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getInt(5) != 0,
                        rs.getLong(6)));
                lastId = rs.getLong(7);
              }
            }
            return new Page(List.copyOf(out), next);
          }
        });
  }

  private static long[] cursor(String text) {
    Matcher m = CURSOR.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("before must be a cursor from an earlier page");
    }
    try {
      return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("before must be a cursor from an earlier page");
    }
  }

  private interface Work<T> {
    T on(Connection c) throws SQLException;
  }

  private <T> T jdbc(Work<T> work) {
    try (Connection c = db.getConnection()) {
      return work.on(c);
    } catch (SQLException e) {
      throw new IllegalStateException("arrival log: " + e.getMessage(), e);
    }
  }
}
