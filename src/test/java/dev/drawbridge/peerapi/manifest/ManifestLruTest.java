package dev.drawbridge.peerapi.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class ManifestLruTest {
  static final String HASH = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";

  static FileVersion version(String name) {
    return new FileVersion(Path.of("/s", name), 1, 1, "k", "\"e-" + name + "\"");
  }

  static Manifest manifest(int chunks) {
    return new Manifest(
        chunks,
        "\"e\"",
        1,
        Collections.nCopies(chunks, HASH),
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  }

  @Test
  void evictsTheLeastRecentlyUsedWhenTheByteBudgetIsExceeded() {
    Manifest ten = manifest(10);
    ManifestLru lru = new ManifestLru(100, 2 * ManifestLru.weight(ten));
    lru.put(version("a"), ten);
    lru.put(version("b"), ten);
    lru.get(version("a")); // a is now more recent than b
    lru.put(version("c"), ten);

    assertTrue(lru.get(version("a")).isPresent());
    assertTrue(lru.get(version("b")).isEmpty());
    assertTrue(lru.get(version("c")).isPresent());
    assertEquals(2 * ManifestLru.weight(ten), lru.bytes());
  }

  @Test
  void keepsAtMostTheMaximumNumberOfManifests() {
    ManifestLru lru = new ManifestLru(2, Long.MAX_VALUE);
    for (String n : new String[] {"a", "b", "c"}) {
      lru.put(version(n), manifest(1));
    }
    assertEquals(2, lru.size());
    assertTrue(lru.get(version("a")).isEmpty());
  }

  @Test
  void doesNotKeepAManifestLargerThanTheWholeBudget() {
    ManifestLru lru = new ManifestLru(10, ManifestLru.weight(manifest(5)));
    lru.put(version("small"), manifest(1));
    lru.put(version("huge"), manifest(6));
    assertTrue(lru.get(version("huge")).isEmpty());
    assertTrue(lru.get(version("small")).isPresent(), "a refused giant evicts nothing");
  }
}
