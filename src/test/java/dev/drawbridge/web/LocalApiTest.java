package dev.drawbridge.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.drawbridge.identity.Identity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LocalApiTest {
  static Path folder(String name) throws Exception {
    return Files.createDirectories(
            Path.of("target/test-shares", UUID.randomUUID().toString(), name))
        .toAbsolutePath();
  }

  @Test
  void describesThisPeer() {
    given()
        .get("/api/v1/identity")
        .then()
        .statusCode(200)
        .body("peerId", matchesPattern("[A-Z2-7]{56}"))
        .body("name", matchesPattern("\\w+ \\w+ \\w+"))
        .body("meshPort", org.hamcrest.Matchers.greaterThan(0));
  }

  @Test
  void addsListsAndRemovesAShare() throws Exception {
    Path dir = folder("pub");
    String name = "pub-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"path\":\"" + dir + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201)
        .header("Location", containsString("/api/v1/shares/" + name));
    given().get("/api/v1/shares").then().statusCode(200).body("name", hasItem(name));
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"path\":\"" + dir + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(409)
        .body("error", equalTo("conflict"));
    given().delete("/api/v1/shares/" + name).then().statusCode(204);
    given().get("/api/v1/shares").then().body("name", not(hasItem(name)));
    given().delete("/api/v1/shares/" + name).then().statusCode(404);
  }

  @Test
  void refusesBadShares() throws Exception {
    Path dir = folder("x");
    String[][] cases = {
      {"relative_path", "{\"name\":\"ok\",\"path\":\"relative/dir\"}"},
      {"missing_folder", "{\"name\":\"ok\",\"path\":\"/no/such/folder/anywhere\"}"},
      {"slash_in_name", "{\"name\":\"a/b\",\"path\":\"" + dir + "\"}"},
      {"dotdot_name", "{\"name\":\"..\",\"path\":\"" + dir + "\"}"},
      {"empty_name", "{\"name\":\"\",\"path\":\"" + dir + "\"}"},
      {
        "data_dir_inside",
        "{\"name\":\"home\",\"path\":\"" + Path.of("target").toAbsolutePath() + "\"}"
      },
    };
    for (String[] c : cases) {
      given()
          .contentType(ContentType.JSON)
          .body(c[1])
          .post("/api/v1/shares")
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid"))
          .body("message", not(equalTo(null)));
    }
  }

  @Test
  void grantsAndRevokesAccess() throws Exception {
    Path dir = folder("g");
    String peer = Identity.generate().peerId().value();
    String name = "g-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"path\":\"" + dir + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"READ\"}")
        .put("/api/v1/shares/" + name + "/grants/" + peer)
        .then()
        .statusCode(201)
        .body("access", equalTo("READ"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"READ_WRITE\"}")
        .put("/api/v1/shares/" + name + "/grants/" + peer)
        .then()
        .statusCode(200);
    given()
        .get("/api/v1/shares")
        .then()
        .body("find { it.name == '" + name + "' }.grants", hasSize(1))
        .body("find { it.name == '" + name + "' }.grants[0].access", equalTo("READ_WRITE"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"ADMIN\"}")
        .put("/api/v1/shares/" + name + "/grants/" + peer)
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"READ\"}")
        .put("/api/v1/shares/" + name + "/grants/NOTAPEERID")
        .then()
        .statusCode(400);
    given().delete("/api/v1/shares/" + name + "/grants/" + peer).then().statusCode(204);
    given().delete("/api/v1/shares/" + name + "/grants/" + peer).then().statusCode(404);
  }

  @Test
  void addsContactsAndRefusesMalformedOnes() {
    String peer = Identity.generate().peerId().grouped();
    given()
        .contentType(ContentType.JSON)
        .body("{\"peerId\":\"" + peer + "\",\"address\":\"127.0.0.1:1\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(201)
        .body("address", equalTo("127.0.0.1:1"));
    given().get("/api/v1/contacts").then().body("peerId", hasItem(peer.replace("-", "")));
    given()
        .get("/api/v1/contacts/" + peer.replace("-", "") + "/status")
        .then()
        .statusCode(200)
        .body("reachable", equalTo(false));
    given()
        .contentType(ContentType.JSON)
        .body("{\"peerId\":\"" + peer + "\",\"address\":\"no port\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(400);
    String typo = peer.charAt(0) == 'A' ? "B" + peer.substring(1) : "A" + peer.substring(1);
    given()
        .contentType(ContentType.JSON)
        .body("{\"peerId\":\"" + typo + "\",\"address\":\"127.0.0.1:1\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(400)
        .body("message", containsString("typo"));
  }

  @Test
  void refusesForeignHostHeaders() {
    given()
        .header("Host", "evil.example:7777")
        .get("/api/v1/identity")
        .then()
        .statusCode(421)
        .body("error", equalTo("host_not_allowed"));
    given().header("Host", "evil.example").get("/").then().statusCode(421);
  }

  @Test
  void refusesCrossOriginStateChanges() {
    given()
        .header("Origin", "http://evil.example")
        .contentType(ContentType.JSON)
        .body("{\"name\":\"x\",\"path\":\"/tmp\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(403);
    given()
        .header("Sec-Fetch-Site", "cross-site")
        .contentType(ContentType.URLENC)
        .formParam("name", "x")
        .formParam("path", "/tmp")
        .post("/ui/shares")
        .then()
        .statusCode(403);
    given().header("Origin", "null").delete("/api/v1/shares/anything").then().statusCode(403);
  }

  @Test
  void servesPagesWithProtectiveHeaders() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("X-Frame-Options", "DENY")
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .body(containsString("Copy PeerId"));
    given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
    given().get("/static/app.js").then().statusCode(200);
  }

  @Test
  void refusesJsonBodiesWithoutAContentTypeWith415() throws Exception {
    Path dir = folder("typeless");
    String name = "typeless-" + UUID.randomUUID().toString().substring(0, 8);
    String peer = Identity.generate().peerId().value();
    String[][] cases = {
      {"POST", "/api/v1/shares", "{\"name\":\"" + name + "\",\"path\":\"" + dir + "\"}"},
      {"PUT", "/api/v1/shares/" + name + "/grants/" + peer, "{\"access\":\"READ\"}"},
      {"POST", "/api/v1/contacts", "{\"peerId\":\"" + peer + "\",\"address\":\"127.0.0.1:9\"}"},
      {"PUT", "/api/v1/config/relays", "{\"relays\":[]}"},
      {"POST", "/api/v1/transfers", "{\"peerId\":\"" + peer + "\",\"share\":\"pub\"}"},
    };
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    for (String[] c : cases) {
      // java.net.http sends no Content-Type unless told to (REST Assured always adds one).
      java.net.http.HttpResponse<String> r =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://localhost:" + io.restassured.RestAssured.port + c[1]))
                  .method(c[0], java.net.http.HttpRequest.BodyPublishers.ofString(c[2]))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      org.junit.jupiter.api.Assertions.assertEquals(415, r.statusCode(), c[1] + " " + r.body());
      io.vertx.core.json.JsonObject error = new io.vertx.core.json.JsonObject(r.body());
      org.junit.jupiter.api.Assertions.assertEquals(
          "unsupported_media_type", error.getString("error"));
      org.junit.jupiter.api.Assertions.assertTrue(
          error.getString("message").contains("Content-Type: application/json"));
    }
    given().get("/api/v1/shares").then().body("name", not(hasItem(name)));
    given().get("/api/v1/contacts").then().body("peerId", not(hasItem(peer)));
  }

  @Test
  void refusesARelayListLongerThan32With400() {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      list.append(i == 0 ? "" : ",").append("\"relay-").append(i).append(".example:7779\"");
    }
    given()
        .contentType(ContentType.JSON)
        .body("{\"relays\":[" + list + "]}")
        .put("/api/v1/config/relays")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid"))
        .body("message", containsString("at most 32"));
    given().get("/api/v1/network").then().statusCode(200).body("relays", hasSize(0));
  }
}
