package dev.drawbridge.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local upload API against a real host: the test peer uploads into its own shares over the mesh
 * (it is its own contact), so every byte goes browser/curl -> own peer -> TLS -> host -> disk.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadProxyTest {
  OwnShares own;
  Path writable;
  Path readOnly;
  String rw;
  String ro;

  @BeforeEach
  void sharesGrantedToOurselves() throws Exception {
    if (own != null) {
      return;
    }
    own = new OwnShares();
    writable = Files.createTempDirectory("upload-rw");
    readOnly = Files.createTempDirectory("upload-ro");
    Files.writeString(readOnly.resolve("keep.txt"), "mine");
    rw = own.share(writable, "READ_WRITE");
    ro = own.share(readOnly, "READ");
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) throws Exception {
    return "sha-256=:"
        + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b))
        + ":";
  }

  @Test
  void streamsACurlStylePutOfFiftyMegabytesByteIdentical() throws Exception {
    byte[] body = random(50 * 1000 * 1000 + 7, 1);
    given()
        .body(body) // no Content-Type, as curl -T sends it
        .put(own.uri(rw, "big/fifty.bin"))
        .then()
        .statusCode(201)
        .header("Location", endsWith("/shares/" + rw + "/big/fifty.bin"))
        .header("Repr-Digest", equalTo(sha256(body)))
        .body("path", equalTo("big/fifty.bin"));
    assertArrayEquals(body, Files.readAllBytes(writable.resolve("big/fifty.bin")));
    assertNoPartialVisible();
  }

  @Test
  void resumableUploadCreatesPatchesAsksTheOffsetAndCompletes() throws Exception {
    byte[] body = random(3 * 1024 * 1024 + 11, 2);
    Response created =
        given()
            .header("Upload-Complete", "?0")
            .header("Upload-Length", body.length)
            .put(own.uri(rw, "resumed.bin"));
    created.then().statusCode(202).header("Location", startsWith("/api/v1/uploads/"));
    String upload = created.header("Location");
    int half = body.length / 2;
    given()
        .contentType("application/partial-upload")
        .header("Upload-Offset", 0)
        .body(Arrays.copyOfRange(body, 0, half))
        .patch(upload)
        .then()
        .statusCode(204)
        .header("Upload-Offset", equalTo(Integer.toString(half)));
    given()
        .head(upload)
        .then()
        .statusCode(204)
        .header("Upload-Offset", equalTo(Integer.toString(half)))
        .header("Upload-Length", equalTo(Integer.toString(body.length)));
    assertFalse(Files.exists(writable.resolve("resumed.bin")), "no file before the last byte");
    // A slice at an offset the host does not have is refused with the host's offset.
    given()
        .contentType("application/partial-upload")
        .header("Upload-Offset", 1)
        .body(new byte[] {1})
        .patch(upload)
        .then()
        .statusCode(409)
        .header("Upload-Offset", equalTo(Integer.toString(half)));
    given()
        .contentType("application/partial-upload")
        .header("Upload-Offset", half)
        .header("Upload-Complete", "?1")
        .body(Arrays.copyOfRange(body, half, body.length))
        .patch(upload)
        .then()
        .statusCode(201)
        .header("Location", endsWith("/resumed.bin"))
        .header("Repr-Digest", equalTo(sha256(body)));
    assertArrayEquals(body, Files.readAllBytes(writable.resolve("resumed.bin")));
    given().head(upload).then().statusCode(404); // done: the local id is gone
  }

  @Test
  void deleteCancelsAtTheHostAndNothingIsPlaced() throws Exception {
    Response created =
        given()
            .header("Upload-Complete", "?0")
            .header("Upload-Length", 1000)
            .put(own.uri(rw, "canceled.bin"));
    created.then().statusCode(202);
    String upload = created.header("Location");
    given()
        .contentType("application/partial-upload")
        .header("Upload-Offset", 0)
        .body(random(400, 3))
        .patch(upload)
        .then()
        .statusCode(204);
    given().delete(upload).then().statusCode(204);
    given().head(upload).then().statusCode(404); // a HEAD answer has no body to read
    assertFalse(Files.exists(writable.resolve("canceled.bin")));
    assertNoPartialVisible();
  }

  @Test
  void refusesAnUploadIntoAReadShareWith403() throws Exception {
    given()
        .body("x".getBytes())
        .put(own.uri(ro, "nope.txt"))
        .then()
        .statusCode(403)
        .body("message", containsString("You can only view this share"));
    assertFalse(Files.exists(readOnly.resolve("nope.txt")));
  }

  @Test
  void refusesAnUploadIntoAShareNotGrantedWith404() {
    given().body("x".getBytes()).put(own.uri("nosuchshare", "a.txt")).then().statusCode(404);
  }

  @Test
  void anExistingNameIs409AndRenameOnePicksTheNextNumber() throws Exception {
    Files.writeString(writable.resolve("report.txt"), "first");
    given()
        .body("second".getBytes())
        .put(own.uri(rw, "report.txt"))
        .then()
        .statusCode(409)
        .body("error", equalTo("exists"))
        .body("message", containsString("A file named report.txt already exists"));
    assertEquals("first", Files.readString(writable.resolve("report.txt")));
    given()
        .body("second".getBytes())
        .put(own.uri(rw, "report.txt") + "?rename=1")
        .then()
        .statusCode(201)
        .body("name", equalTo("report (1).txt"))
        .body("renamed", equalTo(true));
    assertEquals("second", Files.readString(writable.resolve("report (1).txt")));
  }

  @Test
  void newFolderIsCreatedWithItsParents() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"path\":\"photos/2026\"}")
        .post(own.uri(rw, "folders"))
        .then()
        .statusCode(201);
    assertTrue(Files.isDirectory(writable.resolve("photos/2026")));
  }

  @Test
  void mkcolMakesAFolderOnceAndRefusesAFileName() throws Exception {
    given().request("MKCOL", own.uri(rw, "made/by/mkcol/")).then().statusCode(201);
    assertTrue(Files.isDirectory(writable.resolve("made/by/mkcol")));
    given()
        .request("MKCOL", own.uri(rw, "made/by/mkcol/"))
        .then()
        .statusCode(200)
        .body("created", equalTo(false));
    Files.writeString(writable.resolve("taken"), "a file");
    given()
        .request("MKCOL", own.uri(rw, "taken/"))
        .then()
        .statusCode(409)
        .body("error", equalTo("exists"));
    assertEquals("a file", Files.readString(writable.resolve("taken")));
  }

  private void assertNoPartialVisible() throws Exception {
    try (Stream<Path> all = Files.walk(writable)) {
      assertTrue(
          all.noneMatch(
              p ->
                  p.getFileName().toString().endsWith(".partial")
                      && !p.toString().contains(".drawbridge-")),
          "no partial outside the hidden folder");
    }
  }
}
