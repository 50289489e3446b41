package dev.drawbridge.store;

import dev.drawbridge.upload.UploadStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Unfinished uploads into this host in SQLite (tables {@code upload}, {@code upload_part}); plain
 * JDBC, each call one short transaction. Parts are only ever appended or cut off at the end.
 */
public final class SqlUploadStore implements UploadStore {
  private final DataSource db;

  public SqlUploadStore(DataSource db) {
    this.db = db;
  }

  @Override
  public void create(Saved u) {
    write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO upload (id, peer_id, share_name, root, path, length, repr_digest,"
                      + " if_match, created_at, touched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, u.id());
            s.setString(2, u.peerId());
            s.setString(3, u.share());
            s.setString(4, u.root());
            s.setString(5, u.path());
            s.setLong(6, u.length());
            s.setString(7, u.reprDigest());
            s.setString(8, u.ifMatch());
            s.setLong(9, u.createdAt());
            s.setLong(10, u.touchedAt());
            s.executeUpdate();
          }
          for (Part p : u.parts()) {
            insertPart(c, u.id(), p);
          }
        });
  }

  @Override
  public void addPart(String id, Part part, long touchedAt) {
    write(
        c -> {
          insertPart(c, id, part);
          try (PreparedStatement s =
              c.prepareStatement("UPDATE upload SET touched_at = ? WHERE id = ?")) {
            s.setLong(1, touchedAt);
            s.setString(2, id);
            s.executeUpdate();
          }
        });
  }

  private static void insertPart(Connection c, String id, Part p) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR REPLACE INTO upload_part (upload_id, start, length, sha256)"
                + " VALUES (?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setLong(2, p.start());
      s.setLong(3, p.length());
      s.setString(4, p.sha256());
      s.executeUpdate();
    }
  }

  @Override
  public void truncate(String id, long offset) {
    write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM upload_part WHERE upload_id = ? AND start + length > ?")) {
            s.setString(1, id);
            s.setLong(2, offset);
            s.executeUpdate();
          }
        });
  }

  @Override
  public void delete(String id) {
    write(
        c -> {
          // Parts first: foreign keys may be off on this connection.
          for (String sql :
              List.of(
                  "DELETE FROM upload_part WHERE upload_id = ?",
                  "DELETE FROM upload WHERE id = ?")) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
              s.setString(1, id);
              s.executeUpdate();
            }
          }
        });
  }

  @Override
  public List<Saved> all() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              try (Connection c = db.getConnection()) {
                Map<String, List<Part>> parts = new LinkedHashMap<>();
                try (PreparedStatement s =
                        c.prepareStatement(
                            "SELECT upload_id, start, length, sha256 FROM upload_part"
                                + " ORDER BY upload_id, start");
                    ResultSet r = s.executeQuery()) {
                  while (r.next()) {
                    parts
                        .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                        .add(new Part(r.getLong(2), r.getLong(3), r.getString(4)));
                  }
                }
                List<Saved> out = new ArrayList<>();
                try (PreparedStatement s =
                        c.prepareStatement(
                            "SELECT id, peer_id, share_name, root, path, length, repr_digest,"
                                + " if_match, created_at, touched_at FROM upload");
                    ResultSet r = s.executeQuery()) {
                  while (r.next()) {
                    out.add(
                        new Saved(
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getLong(6),
                            r.getString(7),
                            r.getString(8),
                            r.getLong(9),
                            r.getLong(10),
                            parts.getOrDefault(r.getString(1), List.of())));
                  }
                }
                return out;
              }
            });
  }

  private interface Work {
    void on(Connection c) throws SQLException;
  }

  private void write(Work work) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              try (Connection c = db.getConnection()) {
                work.on(c);
              } catch (SQLException e) {
                throw new IllegalStateException("upload store: " + e.getMessage(), e);
              }
            });
  }
}
