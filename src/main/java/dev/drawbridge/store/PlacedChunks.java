package dev.drawbridge.store;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.transfer.ChunkIndex;
import dev.drawbridge.transfer.ChunkLocation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Files this peer placed, with their chunk hashes, in SQLite ({@code placed_file}, {@code
 * placed_chunk}): a later download from the same peer copies matching chunks from them instead of
 * fetching them (a folder downloaded again after a few files changed moves only the changed
 * chunks). Only files from the same peer are offered, so a peer cannot probe for content that came
 * from someone else. An entry counts while its file keeps the recorded size and mtime and is
 * reached without a symlink; a stale one is dropped when met. Bounded to {@link #MAX_CHUNKS} rows,
 * oldest files out first. Plain JDBC: a big file is thousands of rows, one batch.
 *
 * <p>Every method blocks. Writes happen on the transfers' database writer thread ({@link #remember}
 * is called there; drops are queued to it); lookups run on download worker threads.
 */
final class PlacedChunks {
  /** 256 Ki chunks: 256 GiB of placed 1 MiB chunks, about 10 MB of database. */
  static final int MAX_CHUNKS = 1 << 18;

  private static final int QUERY_BATCH = 500;
  private static final int FIND_LIMIT = 3;

  private final DataSource db;
  private final Consumer<Runnable> writer;
  private final int maxChunks;

  PlacedChunks(DataSource db, Consumer<Runnable> writer) {
    this(db, writer, MAX_CHUNKS);
  }

  PlacedChunks(DataSource db, Consumer<Runnable> writer, int maxChunks) {
    this.db = db;
    this.writer = writer;
    this.maxChunks = maxChunks;
  }

  /** What a download from {@code peerId} may copy from: files that came from that peer. */
  ChunkIndex from(String peerId) {
    return new ChunkIndex() {
      @Override
      public BitSet known(List<String> hashes) {
        return PlacedChunks.this.known(peerId, hashes);
      }

      @Override
      public List<ChunkLocation> find(String hash) {
        return PlacedChunks.this.find(peerId, hash);
      }

      @Override
      public void forget(String hash, ChunkLocation at) {
        dropLater(at.file());
      }
    };
  }

  /**
   * Remembers a file just placed (verified against {@code manifest}); replaces an older entry for
   * its path.
   */
  void remember(String peerId, Path placed, Manifest manifest) throws IOException {
    if (manifest.size() < ChunkIndex.MIN_CHUNK_BYTES) {
      return;
    }
    Path real = placed.toRealPath();
    BasicFileAttributes attributes =
        Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Map<Long, Integer> firstChunk = new LinkedHashMap<>();
    for (int i = 0; i < manifest.chunkCount() && firstChunk.size() < maxChunks; i++) {
      Long prefix = prefix(manifest.chunks().get(i));
      if (prefix != null && manifest.chunkLength(i) >= ChunkIndex.MIN_CHUNK_BYTES) {
        firstChunk.putIfAbsent(prefix, i);
      }
    }
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                jdbc(
                    c -> {
                      drop(c, real.toString());
                      long id;
                      try (PreparedStatement s =
                          c.prepareStatement(
                              "INSERT INTO placed_file (peer_id, path, size, mtime_nanos,"
                                  + " chunk_size, chunk_count, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              Statement.RETURN_GENERATED_KEYS)) {
                        s.setString(1, peerId);
                        s.setString(2, real.toString());
                        s.setLong(3, attributes.size());
                        s.setLong(4, attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
                        s.setInt(5, manifest.chunkSize());
                        s.setInt(6, firstChunk.size());
                        s.setLong(7, System.currentTimeMillis());
                        s.executeUpdate();
                        try (ResultSet keys = s.getGeneratedKeys()) {
                          keys.next();
                          id = keys.getLong(1);
                        }
                      }
                      try (PreparedStatement s =
                          c.prepareStatement(
                              "INSERT OR IGNORE INTO placed_chunk (prefix, file_id, chunk) VALUES (?, ?, ?)")) {
                        for (Map.Entry<Long, Integer> e : firstChunk.entrySet()) {
                          s.setLong(1, e.getKey());
                          s.setLong(2, id);
                          s.setInt(3, e.getValue());
                          s.addBatch();
                        }
                        s.executeBatch();
                      }
                      keepWithinBound(c);
                      return null;
                    }));
  }

  /**
   * Bit i: some file from {@code peerId} had a chunk whose hash starts like {@code hashes.get(i)}.
   */
  BitSet known(String peerId, List<String> hashes) {
    BitSet bits = new BitSet();
    for (int from = 0; from < hashes.size(); from += QUERY_BATCH) {
      Map<Long, List<Integer>> asked = new HashMap<>();
      for (int i = from; i < Math.min(hashes.size(), from + QUERY_BATCH); i++) {
        Long prefix = prefix(hashes.get(i));
        if (prefix != null) {
          asked.computeIfAbsent(prefix, p -> new ArrayList<>()).add(i);
        }
      }
      if (asked.isEmpty()) {
        continue;
      }
      String marks = String.join(",", Collections.nCopies(asked.size(), "?"));
      jdbc(
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT DISTINCT c.prefix FROM placed_chunk c JOIN placed_file f"
                        + " ON f.id = c.file_id WHERE f.peer_id = ? AND c.prefix IN ("
                        + marks
                        + ")")) {
              s.setString(1, peerId);
              int n = 2;
              for (Long prefix : asked.keySet()) {
                s.setLong(n++, prefix);
              }
              try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  asked.getOrDefault(rs.getLong(1), List.of()).forEach(bits::set);
                }
              }
            }
            return null;
          });
    }
    return bits;
  }

  /**
   * Places in unchanged files from {@code peerId} that held a chunk with this hash (prefix), newest
   * first.
   */
  List<ChunkLocation> find(String peerId, String hash) {
    Long prefix = prefix(hash);
    if (prefix == null) {
      return List.of();
    }
    List<ChunkLocation> found = new ArrayList<>();
    jdbc(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT f.path, f.size, f.mtime_nanos, f.chunk_size, c.chunk"
                      + " FROM placed_chunk c JOIN placed_file f ON f.id = c.file_id WHERE c.prefix = ? AND f.peer_id = ?"
                      + " ORDER BY f.id DESC LIMIT "
                      + (FIND_LIMIT * 3))) {
            s.setLong(1, prefix);
            s.setString(2, peerId);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next() && found.size() < FIND_LIMIT) {
                Path file = Path.of(rs.getString(1));
                long size = rs.getLong(2);
                long offset = (long) rs.getInt(5) * rs.getInt(4);
                if (!unchanged(file, size, rs.getLong(3))) {
                  dropLater(file);
                } else if (offset < size) {
                  found.add(
                      new ChunkLocation(file, offset, (int) Math.min(rs.getInt(4), size - offset)));
                }
              }
            }
          }
          return null;
        });
    return found;
  }

  /**
   * The file is still what was placed: same size and mtime, a regular file, no symlink on the way.
   */
  static boolean unchanged(Path file, long size, long mtimeNanos) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile()
          && a.size() == size
          && a.lastModifiedTime().to(TimeUnit.NANOSECONDS) == mtimeNanos
          && file.toRealPath().equals(file);
    } catch (IOException e) {
      return false;
    }
  }

  /** The first 8 bytes of a base64url SHA-256; null when it is not one (a broken manifest). */
  static Long prefix(String base64Url) {
    try {
      byte[] hash = Base64.getUrlDecoder().decode(base64Url);
      return hash.length == 32 ? ByteBuffer.wrap(hash).getLong() : null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private void dropLater(Path file) {
    writer.accept(
        () ->
            QuarkusTransaction.requiringNew()
                .run(
                    () ->
                        jdbc(
                            c -> {
                              drop(c, file.toString());
                              return null;
                            })));
  }

  private static void drop(Connection c, String path) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM placed_chunk WHERE file_id IN (SELECT id FROM placed_file WHERE path = ?)")) {
      s.setString(1, path);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM placed_file WHERE path = ?")) {
      s.setString(1, path);
      s.executeUpdate();
    }
  }

  /**
   * Oldest files out until the rows fit; the file just added is newest and alone fits by
   * construction.
   */
  private void keepWithinBound(Connection c) throws SQLException {
    long total;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(chunk_count), 0) FROM placed_file")) {
      total = rs.next() ? rs.getLong(1) : 0;
    }
    if (total <= maxChunks) {
      return;
    }
    List<Long> oldest = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, chunk_count FROM placed_file ORDER BY id")) {
      while (total > maxChunks && rs.next()) {
        oldest.add(rs.getLong(1));
        total -= rs.getLong(2);
      }
    }
    try (PreparedStatement chunks =
            c.prepareStatement("DELETE FROM placed_chunk WHERE file_id = ?");
        PreparedStatement files = c.prepareStatement("DELETE FROM placed_file WHERE id = ?")) {
      for (long id : oldest) {
        chunks.setLong(1, id);
        chunks.executeUpdate();
        files.setLong(1, id);
        files.executeUpdate();
      }
    }
  }

  private interface Work<T> {
    T on(Connection c) throws SQLException;
  }

  private <T> T jdbc(Work<T> work) {
    try (Connection c = db.getConnection()) {
      return work.on(c);
    } catch (SQLException e) {
      throw new IllegalStateException("placed-chunk index: " + e.getMessage(), e);
    }
  }
}
