package dev.drawbridge.peerapi.manifest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.drawbridge.content.Manifest;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCacheTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  final MapStore store = new MapStore();

  /** A store that survives "restarts" (new caches) within one test. */
  static final class MapStore implements ManifestStore {
    final Map<FileVersion, Manifest> saved = new ConcurrentHashMap<>();

    @Override
    public Optional<Manifest> load(FileVersion v) {
      return Optional.ofNullable(saved.get(v));
    }

    @Override
    public void save(FileVersion v, Manifest m) {
      saved.put(v, m);
    }
  }

  @AfterEach
  void closeVertx() {
    vertx.close();
  }

  FileVersion file(int size) throws Exception {
    byte[] b = new byte[size];
    new Random(3).nextBytes(b);
    return FileVersion.read(Files.write(dir.resolve("f"), b).toRealPath());
  }

  static Manifest ready(ManifestCache cache, FileVersion v) {
    return await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> cache.request(v), s -> s instanceof ManifestCache.Ready)
            instanceof ManifestCache.Ready r
        ? r.manifest()
        : null;
  }

  @Test
  void hashesSmallFilesInlineAndAnswersAtOnce() throws Exception {
    ManifestCache cache = new ManifestCache(vertx, store);
    FileVersion v = file(ManifestCache.CHUNK_SIZE * 5 / 2);

    Manifest m = ((ManifestCache.Ready) cache.request(v)).manifest();

    assertEquals(3, m.chunkCount());
    assertEquals(m, store.saved.get(v));
  }

  @Test
  void hashesOnceThenAnswersFromMemory() throws Exception {
    ManifestCache cache = new ManifestCache(vertx, store);
    FileVersion v = file(ManifestCache.CHUNK_SIZE * 19 / 2); // above the inline limit

    assertInstanceOf(ManifestCache.Computing.class, cache.request(v));
    Manifest m = ready(cache, v);

    assertEquals(10, m.chunkCount());
    assertEquals(1, cache.stats().computed());
    assertEquals(m, ((ManifestCache.Ready) cache.request(v)).manifest());
    assertEquals(m, cache.peek(v).orElseThrow());
    assertEquals(m, store.saved.get(v));
  }

  @Test
  void aNewCacheOverTheSameStoreDoesNotHashAgain() throws Exception {
    FileVersion v = file(1000);
    Manifest first = ready(new ManifestCache(vertx, store), v);

    ManifestCache restarted = new ManifestCache(vertx, store);
    assertEquals(Optional.empty(), restarted.peek(v), "a GET alone never reads the store");
    ManifestCache.Status s = restarted.request(v);

    assertEquals(first, ((ManifestCache.Ready) s).manifest());
    assertEquals(1, restarted.stats().storeHits());
    assertEquals(0, restarted.stats().computed());
  }

  @Test
  void startsOneHashPerVersionHoweverOftenItIsAskedFor() throws Exception {
    ManifestCache cache = new ManifestCache(vertx, store);
    FileVersion v = file(3 * ManifestCache.CHUNK_SIZE);
    for (int i = 0; i < 20; i++) {
      cache.request(v);
    }
    ready(cache, v);
    assertEquals(1, cache.stats().computed());
    assertEquals(0, cache.stats().discarded());
  }

  @Test
  void reportsAFileThatCannotBeReadOnceHashingFailed() throws Exception {
    ManifestCache cache = new ManifestCache(vertx, store);
    FileVersion v = file(10);
    Files.delete(v.path());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cache.request(v) instanceof ManifestCache.Unreadable);
  }
}
