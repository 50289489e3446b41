package dev.drawbridge.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.share.TraversalCorpus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The traversal corpus ({@link TraversalCorpus}) against the local API's path-taking endpoints: the
 * proxy to a contact's share ({@code GET|HEAD /api/v1/contacts/{peerId}/shares/{share}/{path}}, the
 * test peer being its own contact and grantee) and {@code POST /api/v1/transfers}. A secret sits
 * next to the share root: no answer may contain it and every answer is 400 or 404; a transfer
 * request is refused before any job exists, or (for a name that is only wrong on the host, such as
 * a symlink) its job fails and writes nothing, inside or outside its destination.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTraversalCorpusTest {
  final Vertx vertx = Vertx.vertx();
  Path base;
  String share;
  String me;
  HttpClient http;
  static final Set<String> FINAL = Set.of("failed", "rejected", "canceled", "completed");

  @BeforeEach
  void shareWithOurselvesNextToASecret() throws Exception {
    if (share != null) {
      return;
    }
    base = TraversalCorpus.plant();
    share = "l" + UUID.randomUUID().toString().substring(0, 8);
    JsonPath identity = given().get("/api/v1/identity").jsonPath();
    me = identity.getString("peerId");
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + share + "\",\"path\":\"" + base.resolve("root") + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"READ\"}")
        .put("/api/v1/shares/" + share + "/grants/" + me)
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"peerId\":\""
                + me
                + "\",\"address\":\"127.0.0.1:"
                + identity.getInt("meshPort")
                + "\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(201);
    // Raw request targets: REST Assured would re-encode (or refuse) the corpus' odd spellings.
    http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(RestAssured.port)
                .setMaxPoolSize(4));
  }

  @AfterAll
  void stop() {
    vertx.close();
  }

  record Answer(int status, String body) {}

  Answer get(HttpMethod method, String uri) throws Exception {
    return send(method, uri, null)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  Future<Answer> send(HttpMethod method, String uri, String json) {
    return http.request(method, uri)
        .compose(
            req -> {
              req.putHeader("Host", "127.0.0.1:" + RestAssured.port);
              if (json != null) {
                req.putHeader("Content-Type", "application/json");
              }
              return (json == null ? req.send() : req.send(json))
                  .compose(
                      r ->
                          r.body()
                              .map(
                                  b ->
                                      new Answer(
                                          r.statusCode(), b.toString(StandardCharsets.UTF_8))));
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GET", "HEAD"})
  void theProxyNeverRelaysBytesFromOutsideTheShare(String method) throws Exception {
    String prefix = "/api/v1/contacts/" + me + "/shares/" + share + "/";
    Answer hello = get(HttpMethod.GET, prefix + "hello.txt");
    assertEquals(200, hello.status(), hello.body());
    assertEquals("hello", hello.body());
    List<String> corpus = TraversalCorpus.encoded(base);
    assertTrue(corpus.size() >= 200, "corpus size " + corpus.size());
    List<String> wrong = new ArrayList<>();
    for (String p : corpus) {
      Answer a = get(HttpMethod.valueOf(method), prefix + p);
      if (TraversalCorpus.leaks(a.body())) {
        wrong.add("LEAK " + a.status() + " " + p);
      } else if (a.status() != 400 && a.status() != 404) {
        wrong.add(a.status() + " " + p);
      }
    }
    assertEquals(List.of(), wrong, method);
  }

  @Test
  void aTransferOfAHostilePathIsRefusedOrFailsWithoutWritingAnything() throws Exception {
    Path destination = Files.createDirectories(base.resolve("dest"));
    Set<String> before = files(base);
    Set<String> jobsBefore = jobIds();
    List<String> paths = new ArrayList<>(TraversalCorpus.hostile(base));
    paths.addAll(TraversalCorpus.encoded(base)); // encoded text is just an odd name in JSON
    List<String> wrong = new ArrayList<>();
    Map<String, String> accepted = new LinkedHashMap<>();
    int refused = 0;
    long start = System.nanoTime();
    // At most 4 requests in flight (the client's pool): the corpus is large, the machine small.
    List<Future<Answer>> answers = new ArrayList<>();
    for (String p : paths) {
      answers.add(
          send(
              HttpMethod.POST,
              "/api/v1/transfers",
              new JsonObject()
                  .put("peerId", me)
                  .put("share", share)
                  .put("path", p)
                  .put("folder", false)
                  .put("destination", destination.toString())
                  .encode()));
    }
    for (int i = 0; i < paths.size(); i++) {
      String p = paths.get(i);
      Answer r = answers.get(i).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (TraversalCorpus.leaks(r.body())) {
        wrong.add("LEAK " + r.status() + " " + p);
      } else if (r.status() == 201) {
        accepted.put(new JsonObject(r.body()).getString("id"), p);
      } else if (r.status() == 400 || r.status() == 404) {
        refused++;
      } else {
        wrong.add(r.status() + " " + p);
      }
    }
    System.out.printf(
        "LocalTraversalCorpusTest: %d requests in %d ms%n",
        paths.size(), (System.nanoTime() - start) / 1_000_000);
    Set<String> newJobs = jobIds();
    newJobs.removeAll(jobsBefore);
    assertEquals(accepted.keySet(), newJobs, "a refused request left a job behind");
    long posted = System.nanoTime();
    Map<String, String> states = new LinkedHashMap<>();
    await(accepted.size() + " accepted jobs end")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              states.clear();
              for (Map<String, Object> t :
                  given().get("/api/v1/transfers").jsonPath().<Map<String, Object>>getList("$")) {
                if (accepted.containsKey(t.get("id"))) {
                  states.put((String) t.get("id"), (String) t.get("state"));
                }
              }
              return states.size() == accepted.size()
                  && states.values().stream().allMatch(FINAL::contains);
            });
    states.forEach(
        (id, state) -> {
          if (!"failed".equals(state) && !"rejected".equals(state)) {
            wrong.add("job " + state + " " + accepted.get(id));
          }
        });
    Set<String> after = files(base);
    after.removeAll(before);
    assertEquals(Set.of(), after, "files written by hostile transfers");
    assertEquals(List.of(), wrong);
    System.out.printf(
        "LocalTraversalCorpusTest: %d transfer paths, %d refused, %d accepted and failed (ended"
            + " %d ms after the last request); accepted from the decoded corpus: %s%n",
        paths.size(),
        refused,
        accepted.size(),
        (System.nanoTime() - posted) / 1_000_000,
        accepted.values().stream()
            .filter(TraversalCorpus.hostile(base)::contains)
            .distinct()
            .toList());
  }

  static Set<String> jobIds() {
    return new HashSet<>(given().get("/api/v1/transfers").jsonPath().getList("id"));
  }

  static Set<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      Set<String> out = new HashSet<>();
      s.forEach(p -> out.add(dir.relativize(p).toString()));
      return out;
    }
  }
}
