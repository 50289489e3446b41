package dev.drawbridge.peerapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.MeshTestClients;
import dev.drawbridge.share.TraversalCorpus;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    base = TraversalCorpus.plant();
    Path root = base.resolve("root");
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
    assertTrue(
        TraversalCorpus.encoded(base).size() >= 200,
        "corpus size " + TraversalCorpus.encoded(base).size());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file GET", "file HEAD", "listing", "manifest", "chunk"})
  void noPathEndpointAnswersWithBytesFromOutsideTheShare(String endpoint) throws Exception {
    assertEquals(
        200, send(HttpMethod.GET, "/peer/v1/shares/" + share + "/hello.txt", null).status());
    List<String> wrong = new ArrayList<>();
    for (String p : TraversalCorpus.encoded(base)) {
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
      if (TraversalCorpus.leaks(text)) {
        wrong.add("LEAK " + a.status() + " " + p);
      } else if (a.status() != 400 && a.status() != 404) {
        wrong.add(a.status() + " " + p);
      }
    }
    assertEquals(List.of(), wrong, endpoint);
  }

  @Test
  void batchBodyPathsNeverReachOutsideTheShare() throws Exception {
    List<String> paths = new ArrayList<>(TraversalCorpus.hostile(base));
    for (String p : TraversalCorpus.encoded(base)) {
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
      if (TraversalCorpus.leaks(text)) {
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
