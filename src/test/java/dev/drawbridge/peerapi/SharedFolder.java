package dev.drawbridge.peerapi;

import static io.restassured.RestAssured.given;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A fresh folder shared by the running test app with one granted peer, made through the owner API;
 * also computes, independently of the code under test, what a file's manifest must say.
 */
final class SharedFolder {
  static final int MIB = 1024 * 1024;
  final Identity granted = Identity.generate();
  final Identity stranger = Identity.generate();
  final Path dir;
  final String share;
  final PeerId host;
  final int meshPort;

  SharedFolder() throws IOException {
    dir =
        Files.createDirectories(Path.of("target/test-shares", UUID.randomUUID().toString()))
            .toAbsolutePath();
    share = "m" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + share + "\",\"path\":\"" + dir + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"READ\"}")
        .put("/api/v1/shares/" + share + "/grants/" + granted.peerId())
        .then()
        .statusCode(201);
    Response me = given().get("/api/v1/identity");
    host = PeerId.parse(me.path("peerId"));
    meshPort = me.path("meshPort");
  }

  /** Writes {@code size} random bytes (seeded) to a new file in the share and returns them. */
  byte[] write(String name, int size, long seed) throws IOException {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    Files.write(dir.resolve(name), b);
    return b;
  }

  Response as(Identity who, String method, String uri, String... headers) {
    var spec = MeshClient.as(who, host, meshPort);
    for (int i = 0; i < headers.length; i += 2) {
      spec.header(headers[i], headers[i + 1]);
    }
    return spec.request(method, uri);
  }

  static List<String> chunkHashes(byte[] file, int chunkSize) throws Exception {
    List<String> out = new ArrayList<>();
    for (int off = 0; off < file.length; off += chunkSize) {
      byte[] chunk = Arrays.copyOfRange(file, off, Math.min(file.length, off + chunkSize));
      out.add(
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(MessageDigest.getInstance("SHA-256").digest(chunk)));
    }
    return out;
  }

  static String digest(byte[] file) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(file));
  }
}
