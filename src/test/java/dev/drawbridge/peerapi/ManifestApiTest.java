package dev.drawbridge.peerapi;

import static dev.drawbridge.peerapi.SharedFolder.MIB;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The manifest endpoint and the If-Match / Repr-Digest side of file GETs, over real mutual TLS. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestApiTest {
  @Inject PeerNode node;
  SharedFolder folder;

  @BeforeEach
  void shareAFolder() throws Exception {
    if (folder == null) {
      folder = new SharedFolder();
      Files.createDirectories(folder.dir.resolve("sub"));
    }
  }

  String manifests(String path) {
    return "/peer/v1/manifests/" + folder.share + path;
  }

  String files(String path) {
    return "/peer/v1/shares/" + folder.share + path;
  }

  Response pollUntilReady(String path) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> folder.as(folder.granted, "GET", manifests(path)), r -> r.statusCode() == 200);
  }

  @Test
  void answers202WhileHashingThenTheManifestOfEveryChunk() throws Exception {
    byte[] bytes =
        folder.write(
            "big.bin", 19 * MIB / 2, 1); // above the inline limit: hashed in the background

    folder
        .as(folder.granted, "GET", manifests("/big.bin"))
        .then()
        .statusCode(202)
        .header("Retry-After", "1")
        .body("status", equalTo("computing"))
        .body("progress", both(greaterThanOrEqualTo(0f)).and(lessThanOrEqualTo(1f)));
    Response r = pollUntilReady("/big.bin");

    String etag = folder.as(folder.granted, "HEAD", files("/big.bin")).header("ETag");
    r.then()
        .header("Cache-Control", "no-store")
        .body("size", equalTo(bytes.length))
        .body("etag", equalTo(etag))
        .body("chunkSize", equalTo(MIB))
        .body("algorithm", equalTo("sha-256"))
        .body("chunks", equalTo(SharedFolder.chunkHashes(bytes, MIB)))
        .body("digest", equalTo(SharedFolder.digest(bytes)));
    assertEquals(10, (int) r.path("chunks.size()"));
  }

  @Test
  void answersSmallFilesAtOnceWithoutA202() throws Exception {
    byte[] bytes = folder.write("small-at-once.bin", 5 * MIB / 2, 9);
    folder
        .as(folder.granted, "GET", manifests("/small-at-once.bin"))
        .then()
        .statusCode(200)
        .body("chunks", equalTo(SharedFolder.chunkHashes(bytes, MIB)))
        .body("digest", equalTo(SharedFolder.digest(bytes)));
  }

  @Test
  void answersARepeatedRequestFromTheCacheWithoutHashingAgain() throws Exception {
    folder.write("again.bin", MIB + 1, 2);
    String first = pollUntilReady("/again.bin").asString();
    ManifestCache.Stats before = node.manifests().stats();

    Response second = folder.as(folder.granted, "GET", manifests("/again.bin"));

    second.then().statusCode(200);
    assertEquals(first, second.asString());
    ManifestCache.Stats after = node.manifests().stats();
    assertEquals(before.hits() + 1, after.hits());
    assertEquals(before.computed(), after.computed());
  }

  @Test
  void aChangedFileGetsANewEtagAndManifest() throws Exception {
    folder.write("changing.bin", 2 * MIB, 3);
    Response old = pollUntilReady("/changing.bin");
    byte[] now = folder.write("changing.bin", 2 * MIB, 4);
    var file = folder.dir.resolve("changing.bin");
    Files.setLastModifiedTime(
        file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 10_000));

    Response fresh = pollUntilReady("/changing.bin");

    assertNotEquals(old.path("etag"), (String) fresh.path("etag"));
    assertEquals(SharedFolder.chunkHashes(now, MIB), fresh.path("chunks"));
    assertEquals(SharedFolder.digest(now), fresh.path("digest"));
  }

  @Test
  void refusesWhatFileRequestsRefuse() throws Exception {
    folder.write("small.txt", 10, 5);
    String notFound = folder.as(folder.granted, "GET", "/peer/v1/shares/no-such-share/").asString();
    for (String path : new String[] {"/small.txt", "/", "/nope", "/../../etc/passwd", "/sub"}) {
      Response r = folder.as(folder.stranger, "GET", manifests(path));
      r.then().statusCode(404);
      assertEquals(notFound, r.asString(), "identical body for " + path);
    }
    folder
        .as(folder.granted, "GET", manifests("/../../etc/passwd"))
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_path"));
    folder.as(folder.granted, "GET", manifests("/%2e%2e/x")).then().statusCode(400);
    folder
        .as(folder.granted, "GET", manifests("/sub"))
        .then()
        .statusCode(409)
        .body("error", equalTo("is_directory"));
    folder
        .as(folder.granted, "GET", manifests("/"))
        .then()
        .statusCode(409)
        .body("error", equalTo("is_directory"));
    folder.as(folder.granted, "GET", manifests("/small.txt/")).then().statusCode(409);
    folder.as(folder.granted, "GET", manifests("/nope")).then().statusCode(404);
    folder
        .as(folder.granted, "GET", "/peer/v1/manifests/no-such-share/small.txt")
        .then()
        .statusCode(404);
  }

  @Test
  void aStaleIfMatchIsRefusedWith412AndACurrentOneServesTheRange() throws Exception {
    byte[] bytes = folder.write("ranged.bin", 1000, 6);
    String etag = folder.as(folder.granted, "HEAD", files("/ranged.bin")).header("ETag");

    Response ok =
        folder.as(
            folder.granted,
            "GET",
            files("/ranged.bin"),
            "Range",
            "bytes=100-199",
            "If-Match",
            etag);
    ok.then().statusCode(206).header("Content-Range", "bytes 100-199/1000");
    assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), ok.asByteArray());

    folder
        .as(
            folder.granted,
            "GET",
            files("/ranged.bin"),
            "Range",
            "bytes=100-199",
            "If-Match",
            "\"3e8-0-0\"")
        .then()
        .statusCode(412)
        .body("error", equalTo("precondition_failed"));
    folder
        .as(folder.granted, "GET", files("/ranged.bin"), "If-Match", "\"other\", " + etag)
        .then()
        .statusCode(200);
  }

  @Test
  void sendsReprDigestOnlyOnceTheManifestIsKnown() throws Exception {
    byte[] bytes = folder.write("digested.bin", 4096, 7);
    ManifestCache.Stats before = node.manifests().stats();
    assertNull(folder.as(folder.granted, "GET", files("/digested.bin")).header("Repr-Digest"));
    assertEquals(before, node.manifests().stats(), "a plain GET never asks for a manifest");

    pollUntilReady("/digested.bin");

    folder
        .as(folder.granted, "GET", files("/digested.bin"))
        .then()
        .statusCode(200)
        .header("Repr-Digest", "sha-256=:" + SharedFolder.digest(bytes) + ":");
    folder
        .as(folder.granted, "GET", files("/digested.bin"), "Range", "bytes=0-9")
        .then()
        .statusCode(206)
        .header("Content-Range", "bytes 0-9/4096");
  }
}
