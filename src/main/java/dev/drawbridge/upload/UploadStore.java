package dev.drawbridge.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Durable upload resources and the digest of every verified part, so a restarted host resumes from
 * the verified offset (and re-checks the bytes it kept against those digests). Every method may
 * block: call from a worker thread.
 */
public interface UploadStore {
  /** One verified part: {@code length} bytes at {@code start} with this sha-256 (base64). */
  record Part(long start, long length, String sha256) {
    public long end() {
      return start + length;
    }
  }

  /**
   * One upload as stored. {@code share} is null for an offer's upload; {@code root} is the folder
   * the path is inside, as it was when the upload was created.
   */
  record Saved(
      String id,
      String peerId,
      String share,
      String root,
      String path,
      long length,
      String reprDigest,
      String ifMatch,
      long createdAt,
      long touchedAt,
      List<Part> parts) {
    public Saved {
      parts = List.copyOf(parts);
    }

    public long offset() {
      return parts.isEmpty() ? 0 : parts.get(parts.size() - 1).end();
    }
  }

  void create(Saved upload);

  /** Appends a verified part (the offset becomes its end). */
  void addPart(String id, Part part, long touchedAt);

  /** Forgets every part that ends after {@code offset} (bytes no longer trusted). */
  void truncate(String id, long offset);

  void delete(String id);

  List<Saved> all();

  /** Kept in memory only: tests and the CDI-free core. */
  static UploadStore inMemory() {
    Map<String, Saved> rows = new ConcurrentHashMap<>();
    return new UploadStore() {
      @Override
      public void create(Saved u) {
        rows.put(u.id(), u);
      }

      @Override
      public void addPart(String id, Part part, long touchedAt) {
        rows.computeIfPresent(
            id,
            (k, u) -> {
              List<Part> parts = new ArrayList<>(u.parts());
              parts.add(part);
              return with(u, parts, touchedAt);
            });
      }

      @Override
      public void truncate(String id, long offset) {
        rows.computeIfPresent(
            id,
            (k, u) ->
                with(u, u.parts().stream().filter(p -> p.end() <= offset).toList(), u.touchedAt()));
      }

      @Override
      public void delete(String id) {
        rows.remove(id);
      }

      @Override
      public List<Saved> all() {
        return List.copyOf(rows.values());
      }

      private Saved with(Saved u, List<Part> parts, long touchedAt) {
        return new Saved(
            u.id(),
            u.peerId(),
            u.share(),
            u.root(),
            u.path(),
            u.length(),
            u.reprDigest(),
            u.ifMatch(),
            u.createdAt(),
            touchedAt,
            parts);
      }
    };
  }
}
