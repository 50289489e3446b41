package dev.drawbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Manifests in SQLite: packed hashes come back identical, and a new cache finds them there. */
@QuarkusTest
class PanacheManifestStoreTest {
  static final String A = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
  static final String B = "ypeBEsobvcr6wjGzmiPcTaeG7_gUfE5yuYB3ha_uSLs";
  static final String DIGEST = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

  @Inject PanacheManifestStore store;
  @Inject Vertx vertx;

  static FileVersion version(Path p, long mtime) {
    return new FileVersion(p, 3, mtime, "(dev=1,ino=2)", "\"3-" + mtime + "\"");
  }

  @Test
  void savesAndLoadsAManifestByFileVersion() {
    Path p = Path.of("/srv", UUID.randomUUID().toString());
    Manifest m = new Manifest(3, "\"3-1\"", 2, List.of(A, B), DIGEST);

    store.save(version(p, 1), m);

    assertEquals(Optional.of(m), store.load(version(p, 1)));
    assertEquals(Optional.empty(), store.load(version(p, 2)), "another version of the same file");
  }

  @Test
  void keepsOnlyTheLatestVersionOfAFile() {
    Path p = Path.of("/srv", UUID.randomUUID().toString());
    store.save(version(p, 1), new Manifest(3, "\"3-1\"", 2, List.of(A, B), DIGEST));
    Manifest newer = new Manifest(3, "\"3-2\"", 2, List.of(B, A), DIGEST);
    store.save(version(p, 2), newer);

    assertTrue(store.load(version(p, 1)).isEmpty());
    assertEquals(Optional.of(newer), store.load(version(p, 2)));
    assertEquals(
        1L,
        QuarkusTransaction.requiringNew()
            .call(() -> ManifestRecord.count("realPath", p.toString())));
  }

  @Test
  void aFreshCacheOverTheStoreAnswersWithoutHashing() {
    Path p = Path.of("/srv", UUID.randomUUID().toString());
    FileVersion v = version(p, 7);
    Manifest m = new Manifest(3, v.etag(), 2, List.of(A, B), DIGEST);
    store.save(v, m);

    ManifestCache afterRestart = new ManifestCache(vertx, store);
    ManifestCache.Status s =
        afterRestart.request(v); // the file does not even exist: nothing was read

    assertEquals(m, assertInstanceOf(ManifestCache.Ready.class, s).manifest());
    assertEquals(1, afterRestart.stats().storeHits());
  }
}
