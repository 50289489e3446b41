package dev.drawbridge.peerapi.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.content.Manifest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
  static final String HASH = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
  static final String DIGEST = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  final Manifest m = new Manifest(3, "\"3-1\"", 2, List.of(HASH, HASH), DIGEST);

  @Test
  void writesTheDocumentedFieldsAndReadsThemBack() {
    JsonObject o = new JsonObject(ManifestJson.encode(m));
    assertEquals(
        new JsonObject()
            .put("size", 3)
            .put("etag", "\"3-1\"")
            .put("chunkSize", 2)
            .put("algorithm", "sha-256")
            .put("chunks", List.of(HASH, HASH))
            .put("digest", DIGEST),
        o);
    assertEquals(m, ManifestJson.decode(o.encode()));
  }

  @Test
  void refusesWhatIsNotAValidManifest() {
    JsonObject good = new JsonObject(ManifestJson.encode(m));
    for (JsonObject bad :
        List.of(
            good.copy().put("algorithm", "md5"),
            good.copy().put("chunks", List.of(HASH)),
            good.copy().put("chunks", List.of(HASH, "abc")),
            good.copy().put("digest", "x"),
            good.copy().put("chunkSize", 0),
            good.copy().putNull("etag"))) {
      assertThrows(
          IllegalArgumentException.class, () -> ManifestJson.decode(bad.encode()), bad.encode());
    }
    assertThrows(IllegalArgumentException.class, () -> ManifestJson.decode("[1]"));
  }
}
