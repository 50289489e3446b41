package dev.drawbridge.peerapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.MeshTestClients;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A corpus of hostile paths (dot-dot in every spelling, encodings, backslashes, NUL, overlong
 * UTF-8, absolute and drive paths, UNC, symlink escapes, reserved and very long names, dot
 * lookalikes) against every path-taking peer endpoint, over real mutual TLS, from a granted peer. A
 * secret sits next to the share root: no answer may contain it, and every answer is 400 or 404.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraversalCorpusTest {
  static final String SECRET = "SECRET-" + UUID.randomUUID();
  final Identity granted = Identity.generate();
  final Vertx vertx = Vertx.vertx();
  Path base;
  String share;
  HttpClient mesh;

  @BeforeEach
  void plantASecretNextToTheShare() throws Exception {
    if (share != null) {
      return;
    }
    base =
        Files.createDirectories(Path.of("target/test-shares", UUID.randomUUID().toString()))
            .toAbsolutePath();
    Path root = Files.createDirectories(base.resolve("root"));
    Files.writeString(base.resolve("secret.txt"), SECRET);
    Files.createDirectories(base.resolve("root-sibling"));
    Files.writeString(base.resolve("root-sibling/secret.txt"), SECRET);
    Files.writeString(root.resolve("hello.txt"), "hello");
    Files.createDirectories(root.resolve("a/b"));
    Files.createSymbolicLink(root.resolve("escape"), base.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("escdir"), base);
    Files.createSymbolicLink(root.resolve("a/up"), Path.of("../.."));
    share = "t" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + share + "\",\"path\":\"" + root + "\"}")
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
    mesh =
        MeshTestClients.client(
            vertx, granted, PeerId.parse(me.path("peerId")), me.<Integer>path("meshPort"));
  }

  @AfterAll
  void stop() {
    vertx.close();
  }

  /** The hostile paths as a peer means them (decoded), before any URL encoding. */
  List<String> hostile() {
    String abs = base.resolve("secret.txt").toString();
    List<String> raw =
        new ArrayList<>(
            List.of(
                "..",
                "../secret.txt",
                "../../secret.txt",
                "../root-sibling/secret.txt",
                "a/../../secret.txt",
                "a/b/../../../secret.txt",
                "./../secret.txt",
                "hello.txt/../../secret.txt",
                "..;/secret.txt",
                ".../secret.txt",
                "....//secret.txt",
                "a/./../../secret.txt",
                "/../secret.txt",
                abs,
                "/" + abs,
                "/etc/passwd",
                "//etc/passwd",
                "file:///etc/passwd",
                "C:\\secret.txt",
                "C:/secret.txt",
                "c:secret.txt",
                "\\\\server\\share\\secret.txt",
                "\\\\?\\C:\\secret.txt",
                "//server/share/secret.txt",
                "..\\secret.txt",
                "..\\..\\secret.txt",
                "a\\..\\..\\secret.txt",
                "..\\/secret.txt",
                "hello.txt\0",
                "hello.txt\0.jpg",
                "..\0/secret.txt",
                "\0",
                "CON",
                "NUL",
                "aux.txt",
                "com1",
                "LPT1.txt",
                "a/nul/b",
                "escape",
                "escdir/secret.txt",
                "escdir/root-sibling/secret.txt",
                "a/up/secret.txt",
                "a/up/../secret.txt",
                "\u2024\u2024/secret.txt",
                "\u2025/secret.txt",
                "\uFF0E\uFF0E/secret.txt",
                "\u3002\u3002/secret.txt",
                "\uFE52\uFE52/secret.txt",
                "..\u2215secret.txt",
                "..\u2044secret.txt",
                "..\uFF0Fsecret.txt",
                "..\u29F5secret.txt",
                "\u202E..\u202C/secret.txt",
                ". ./secret.txt",
                ".. /secret.txt",
                "..\t/secret.txt",
                "..\n/secret.txt",
                "a/b/c/../../../../secret.txt",
                "a".repeat(300),
                "a".repeat(255) + "/../../secret.txt",
                String.join("/", java.util.Collections.nCopies(200, "..")) + "/etc/passwd",
                "x/".repeat(600) + "secret.txt"));
    return raw;
  }

  /** Each hostile path in several spellings on the wire (all valid URI characters). */
  List<String> encoded() {
    Set<String> out = new LinkedHashSet<>();
    for (String p : hostile()) {
      String minimal = escapeUnsafe(p);
      String all = hexAll(p);
      out.add(minimal);
      out.add(all);
      out.add(all.replace("%", "%25")); // double-encoded
      out.add(all.toUpperCase(java.util.Locale.ROOT).replace("%2F", "/"));
      out.add(escapeUnsafe(p.replace('/', '\\')));
    }
    // Overlong UTF-8 and encoded separators that decode to nothing a Java string can hold.
    for (String s :
        List.of(
            "%c0%ae%c0%ae/secret.txt",
            "%c0%ae%c0%ae%c0%afsecret.txt",
            "%e0%80%ae%e0%80%ae/secret.txt",
            "%f0%80%80%ae%f0%80%80%ae/secret.txt",
            "%c1%9c%c1%9csecret.txt",
            "..%c0%afsecret.txt",
            "..%c1%9csecret.txt",
            "..%2fsecret.txt",
            "..%2Fsecret.txt",
            "..%5csecret.txt",
            "%2e%2e%2fsecret.txt",
            "%2e%2e/secret.txt",
            "%2e./secret.txt",
            ".%2e/secret.txt",
            "%252e%252e%252fsecret.txt",
            "%25252e%25252e/secret.txt",
            "%ff%fe/secret.txt",
            "%80/secret.txt",
            "%00",
            "hello.txt%00",
            "%u002e%u002e/secret.txt")) {
      out.add(s);
    }
    return new ArrayList<>(out);
  }

  /** Percent-encodes every byte except '/'. */
  static String hexAll(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      out.append(b == '/' ? "/" : String.format("%%%02x", b & 0xFF));
    }
    return out.toString();
  }

  static String escapeUnsafe(String p) {
    StringBuilder b = new StringBuilder();
    for (byte x : p.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      if (c > 0x20 && c < 0x7F && "\"<>\\^`{|}%#?".indexOf(c) < 0) {
        b.append((char) c);
      } else {
        b.append(String.format("%%%02X", c));
      }
    }
    return b.toString();
  }

  record Answer(int status, Buffer body) {}

  Answer send(HttpMethod method, String uri, Buffer body) throws Exception {
    return send(method, uri, body, null);
  }

  Answer send(HttpMethod method, String uri, Buffer body, String ifMatch) throws Exception {
    return mesh.request(method, uri)
        .compose(
            req -> {
              if (ifMatch != null) {
                req.putHeader("If-Match", ifMatch);
              }
              if (body != null) {
                req.putHeader("Content-Type", "application/json");
              }
              return (body == null ? req.send() : req.send(body))
                  .compose(r -> r.body().map(b -> new Answer(r.statusCode(), b)));
            })
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void theCorpusHasAtLeast200Cases() {
    assertTrue(encoded().size() >= 200, "corpus size " + encoded().size());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file GET", "file HEAD", "listing", "manifest", "chunk"})
  void noPathEndpointAnswersWithBytesFromOutsideTheShare(String endpoint) throws Exception {
    assertEquals(
        200, send(HttpMethod.GET, "/peer/v1/shares/" + share + "/hello.txt", null).status());
    List<String> wrong = new ArrayList<>();
    for (String p : encoded()) {
      String uri =
          switch (endpoint) {
            case "file GET", "file HEAD" -> "/peer/v1/shares/" + share + "/" + p;
            case "listing" -> "/peer/v1/shares/" + share + "/" + p + "/";
            case "manifest" -> "/peer/v1/manifests/" + share + "/" + p;
            default -> "/peer/v1/chunks/" + share + "/" + p + "?offset=0&length=16";
          };
      Answer a =
          send(
              endpoint.equals("file HEAD") ? HttpMethod.HEAD : HttpMethod.GET,
              uri,
              null,
              // chunks need If-Match (else 428 before any lookup); any version will do here
              endpoint.equals("chunk") ? "\"v1\"" : null);
      String text = a.body().toString(StandardCharsets.ISO_8859_1);
      if (text.contains(SECRET) || text.contains("root:x:0:0")) {
        wrong.add("LEAK " + a.status() + " " + p);
      } else if (a.status() != 400 && a.status() != 404) {
        wrong.add(a.status() + " " + p);
      }
    }
    assertEquals(List.of(), wrong, endpoint);
  }

  @Test
  void batchBodyPathsNeverReachOutsideTheShare() throws Exception {
    List<String> paths = new ArrayList<>(hostile());
    for (String p : encoded()) {
      paths.add(p); // encoded text is just an odd name in a JSON body
    }
    List<String> wrong = new ArrayList<>();
    for (int from = 0; from < paths.size(); from += BatchResponder.MAX_FILES) {
      List<String> part =
          paths.subList(from, Math.min(paths.size(), from + BatchResponder.MAX_FILES));
      Answer a =
          send(
              HttpMethod.POST,
              "/peer/v1/batch/" + share,
              Buffer.buffer(
                  new JsonObject().put("files", new JsonArray(new ArrayList<>(part))).encode()));
      String text = a.body().toString(StandardCharsets.ISO_8859_1);
      if (text.contains(SECRET) || text.contains("root:x:0:0")) {
        wrong.add("LEAK in batch starting at " + part.get(0));
      }
      if (a.status() == 200) {
        for (String line : text.split("\n")) {
          if (line.startsWith("{")) {
            JsonObject head = new JsonObject(line);
            String error = head.getString("error");
            if (!"bad_path".equals(error) && !"not_found".equals(error)) {
              wrong.add("entry " + head.encode());
            }
          }
        }
      } else if (a.status() != 400) {
        wrong.add(a.status() + " batch starting at " + part.get(0));
      }
    }
    assertEquals(List.of(), wrong);
  }
}
