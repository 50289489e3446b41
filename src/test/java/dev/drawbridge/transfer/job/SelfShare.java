package dev.drawbridge.transfer.job;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The test peer downloading from itself: it shares a folder, grants its own PeerId and is its own
 * contact, so real jobs run over the real mesh (mutual TLS on loopback) inside one JVM.
 */
final class SelfShare {
  final Path dir;
  final String share;
  final String peerId;

  SelfShare() throws Exception {
    dir =
        Files.createDirectories(Path.of("target/test-shares", UUID.randomUUID().toString()))
            .toAbsolutePath();
    share = "s" + UUID.randomUUID().toString().substring(0, 8);
    JsonPath me = given().get("/api/v1/identity").jsonPath();
    peerId = me.getString("peerId");
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + share + "\",\"path\":\"" + dir + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"READ\"}")
        .put("/api/v1/shares/" + share + "/grants/" + peerId)
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"peerId\":\""
                + peerId
                + "\",\"address\":\"127.0.0.1:"
                + me.getInt("meshPort")
                + "\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(201);
  }

  Path write(String relative, int size, long seed) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, b);
    return p;
  }

  String download(String path, boolean folder, Path destination) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            "{\"peerId\":\""
                + peerId
                + "\",\"share\":\""
                + share
                + "\",\"path\":\""
                + path
                + "\",\"folder\":"
                + folder
                + ",\"destination\":\""
                + destination
                + "\"}")
        .post("/api/v1/transfers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static JsonPath transfer(String id) {
    return given().get("/api/v1/transfers/" + id).then().statusCode(200).extract().jsonPath();
  }

  static String fileId(String id, String path) {
    await(path + " listed")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> transfer(id).getString("files.find { it.path == '" + path + "' }.id") != null);
    return transfer(id).getString("files.find { it.path == '" + path + "' }.id");
  }

  static String fileState(String id, String path) {
    return transfer(id).getString("files.find { it.path == '" + path + "' }.state");
  }

  static JsonPath awaitJob(String id, String state) {
    await(id + " " + state)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> transfer(id).getString("state").equals(state));
    return transfer(id);
  }

  static void awaitFile(String id, String path, String state) {
    await(path + " " + state)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> state.equals(fileState(id, path)));
  }

  static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      md.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Our partial files under {@code dir}. */
  static List<Path> partials(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".drawbridge-")).toList();
    }
  }
}
