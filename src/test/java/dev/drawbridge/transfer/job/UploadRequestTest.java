package dev.drawbridge.transfer.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/transfers with direction upload checks the local source and the contact's grant
 * before any job exists; the download body keeps working beside it.
 */
@QuarkusTest
@TestProfile(SlowTransfers.class)
class UploadRequestTest {
  private static String upload(String peer, String share, String folder, String source) {
    JsonObject b = new JsonObject().put("direction", "upload").put("peer", peer);
    b.put("share", share).put("folder", folder);
    if (source != null) {
      b.put("source", source);
    }
    return b.encode();
  }

  private static int jobs() {
    return given().get("/api/v1/transfers").then().extract().jsonPath().getList("$").size();
  }

  @Test
  void refusesBadSourcesAndReadOnlyGrantsBeforeStartingAnything() throws Exception {
    SelfShare host = new SelfShare(); // grants this peer READ only
    Path local =
        Files.createDirectories(Path.of("target/test-uploads", UUID.randomUUID().toString()))
            .toAbsolutePath();
    Path file = Files.writeString(local.resolve("a.txt"), "hello");
    Path link = Files.createSymbolicLink(local.resolve("link"), file);
    String[][] bad = {
      {null, "\"source\""},
      {"relative/a.txt", "absolute"},
      {local + "/../x", "\"..\""},
      {local + "/missing.txt", "does not exist"},
      {link.toString(), "symbolic link"},
      {"/dev/null", "not a file or a folder"},
    };
    int before = jobs();
    for (String[] c : bad) {
      given()
          .contentType(ContentType.JSON)
          .body(upload(host.peerId, host.share, "", c[0]))
          .post("/api/v1/transfers")
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid"))
          .body("message", containsString(c[1]));
    }
    given()
        .contentType(ContentType.JSON)
        .body(upload(host.peerId, host.share, "in/here", file.toString()))
        .post("/api/v1/transfers")
        .then()
        .statusCode(403)
        .body("message", containsString("Read and write"));
    given()
        .contentType(ContentType.JSON)
        .body(upload(host.peerId, host.share, "../up", file.toString()))
        .post("/api/v1/transfers")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_path"));
    given()
        .contentType(ContentType.JSON)
        .body(
            new JsonObject()
                .put("direction", "upload")
                .put("peer", host.peerId)
                .put("share", host.share)
                .put("folder", true)
                .put("source", file.toString())
                .encode())
        .post("/api/v1/transfers")
        .then()
        .statusCode(400)
        .body("message", containsString("a path"));
    given().get("/api/v1/transfers").then().body("size()", equalTo(before));
  }

  @Test
  void theDownloadBodyStillStartsADownload() throws Exception {
    SelfShare host = new SelfShare();
    host.write("d.bin", 1000, 1);
    Path into =
        Files.createDirectories(Path.of("target/test-downloads", UUID.randomUUID().toString()))
            .toAbsolutePath();
    String id = host.download("d.bin", false, into);
    SelfShare.awaitJob(id, "completed");
    given()
        .get("/api/v1/transfers/" + id)
        .then()
        .body("direction", equalTo("download"))
        .body("files[0].state", equalTo("completed"));
  }
}
