package dev.drawbridge.store;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Manifests in the peer's SQLite database, one row per file path (its latest hashed version). */
@ApplicationScoped
public class PanacheManifestStore implements ManifestStore {
  static final int HASH_BYTES = 32;
  private static final String VERSION_QUERY =
      "realPath = ?1 and size = ?2 and mtimeNanos = ?3 and fileKey = ?4";

  @Override
  public Optional<Manifest> load(FileVersion v) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ManifestRecord.<ManifestRecord>find(
                        VERSION_QUERY, v.path().toString(), v.size(), v.mtimeNanos(), v.fileKey())
                    .firstResultOptional()
                    .map(PanacheManifestStore::unpack));
  }

  @Override
  public void save(FileVersion v, Manifest m) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              // Older versions of the same file can never be asked for again: keep one row per
              // path.
              ManifestRecord.delete("realPath", v.path().toString());
              ManifestRecord r = new ManifestRecord();
              r.realPath = v.path().toString();
              r.size = v.size();
              r.mtimeNanos = v.mtimeNanos();
              r.fileKey = v.fileKey();
              r.etag = m.etag();
              r.chunkSize = m.chunkSize();
              r.chunks = pack(m.chunks());
              r.digest = Base64.getDecoder().decode(m.digest());
              r.createdAt = System.currentTimeMillis();
              r.persist();
            });
  }

  static byte[] pack(List<String> chunks) {
    byte[] out = new byte[chunks.size() * HASH_BYTES];
    Base64.Decoder d = Base64.getUrlDecoder();
    for (int i = 0; i < chunks.size(); i++) {
      byte[] h = d.decode(chunks.get(i));
      System.arraycopy(h, 0, out, i * HASH_BYTES, HASH_BYTES);
    }
    return out;
  }

  static Manifest unpack(ManifestRecord r) {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    List<String> chunks = new ArrayList<>(r.chunks.length / HASH_BYTES);
    byte[] h = new byte[HASH_BYTES];
    for (int off = 0; off < r.chunks.length; off += HASH_BYTES) {
      System.arraycopy(r.chunks, off, h, 0, HASH_BYTES);
      chunks.add(e.encodeToString(h));
    }
    return new Manifest(
        r.size, r.etag, r.chunkSize, chunks, Base64.getEncoder().encodeToString(r.digest));
  }
}
