package dev.drawbridge.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.UploadRules;
import dev.drawbridge.upload.Arrival;
import dev.drawbridge.upload.ArrivalLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The owner's upload rules, per-peer limits and arrivals through the local API (real SQLite). */
@QuarkusTest
class UploadRulesApiTest {
  @Inject ShareCatalog catalog;
  @Inject ArrivalLog arrivals;

  static String newShare() throws Exception {
    String name = "up-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"path\":\"" + LocalApiTest.folder("up") + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
    return name;
  }

  @Test
  void newShareHasDefaultRulesAndChangesSurviveAReloadOfTheCatalog() throws Exception {
    String name = newShare();
    PeerId guest = Identity.generate().peerId();
    catalog.grant(name, guest, dev.drawbridge.share.Access.READ_WRITE);
    given()
        .get("/api/v1/shares/" + name + "/upload-rules")
        .then()
        .statusCode(200)
        .body("allowReplace", equalTo(false))
        .body("maxFileBytes", equalTo(0))
        .body("reserveBytes", equalTo(1 << 30));

    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"allowReplace\":true,\"maxFileBytes\":2000000000,\"quotaBytes\":5000000000,"
                + "\"quotaFiles\":1000}")
        .put("/api/v1/shares/" + name + "/upload-rules")
        .then()
        .statusCode(200)
        .body("allowReplace", equalTo(true))
        .body("maxFileBytes", equalTo(2_000_000_000))
        .body("quotaFiles", equalTo(1000))
        .body("reserveBytes", equalTo(1 << 30)); // left out: kept

    UploadRules expected = new UploadRules(true, 2_000_000_000L, 5_000_000_000L, 1000, 1L << 30);
    assertEquals(expected, catalog.share(guest, name).map(GrantedShare::rules).orElseThrow());
    catalog.reload(); // as at the next start: from the database only
    assertEquals(expected, catalog.share(guest, name).map(GrantedShare::rules).orElseThrow());
    given()
        .get("/api/v1/shares")
        .then()
        .body("find { it.name == '" + name + "' }.uploadRules.quotaBytes", equalTo(5_000_000_000L));
  }

  @Test
  void refusesNegativeLimitsAndChangesNothing() throws Exception {
    String name = newShare();
    given()
        .contentType(ContentType.JSON)
        .body("{\"allowReplace\":true,\"quotaBytes\":-1}")
        .put("/api/v1/shares/" + name + "/upload-rules")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid"))
        .body("message", containsString("quotaBytes cannot be negative"));
    given()
        .get("/api/v1/shares/" + name + "/upload-rules")
        .then()
        .body("allowReplace", equalTo(false))
        .body("quotaBytes", equalTo(0));
    given()
        .contentType(ContentType.JSON)
        .body("{\"maxFileBytes\":1}")
        .put("/api/v1/shares/no-such-share/upload-rules")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    given().get("/api/v1/shares/no-such-share/arrivals").then().statusCode(404);
  }

  @Test
  void listsArrivalsNewestFirstInPages() throws Exception {
    String name = newShare();
    String from = Identity.generate().peerId().value();
    long t = 1_700_000_000_000L;
    // Three in the same millisecond, as a batch upload places them.
    for (String p : List.of("a.txt", "b.txt", "c.txt")) {
      arrivals.arrived(new Arrival(name, p, from, 10, "00".repeat(32), false, t));
    }
    arrivals.arrived(new Arrival(name, "new.txt", from, 2_500_000, "11".repeat(32), true, t + 5));

    given()
        .get("/api/v1/shares/" + name + "/arrivals?limit=2")
        .then()
        .statusCode(200)
        .body("arrivals", hasSize(2))
        .body("arrivals[0].path", equalTo("new.txt"))
        .body("arrivals[0].replaced", equalTo(true))
        .body("arrivals[0].size", equalTo("2.5 MB"))
        .body("arrivals[0].from", equalTo(from.substring(0, 7)))
        .body("arrivals[1].path", equalTo("c.txt"));
    String next =
        given().get("/api/v1/shares/" + name + "/arrivals?limit=2").then().extract().path("next");
    given()
        .get("/api/v1/shares/" + name + "/arrivals?limit=2&before=" + next)
        .then()
        .statusCode(200)
        .body("arrivals.path", equalTo(List.of("b.txt", "a.txt")))
        .body("next", nullValue());
    given()
        .get("/api/v1/shares/" + name + "/arrivals?before=yesterday")
        .then()
        .statusCode(400)
        .body("message", containsString("cursor"));
    given().get("/api/v1/shares/" + name + "/arrivals?limit=0").then().statusCode(400);
  }

  @Test
  void aShareRemovedAndAddedAgainStartsWithItsWholeQuota() throws Exception {
    String name = newShare();
    arrivals.arrived(new Arrival(name, "big.bin", "PEER", 5_000, "00".repeat(32), false, 1));
    assertEquals(new ArrivalLog.Usage(5_000, 1), arrivals.usage(name));
    given().delete("/api/v1/shares/" + name).then().statusCode(204);
    assertEquals(new ArrivalLog.Usage(0, 0), arrivals.usage(name));
  }

  @Test
  void refusesRuleChangesFromAnotherSite() throws Exception {
    String name = newShare();
    given()
        .header("Origin", "https://evil.example")
        .contentType(ContentType.JSON)
        .body("{\"quotaBytes\":1}")
        .put("/api/v1/shares/" + name + "/upload-rules")
        .then()
        .statusCode(403);
    given()
        .header("Origin", "https://evil.example")
        .contentType(ContentType.URLENC)
        .formParam("maxFile", "1 B")
        .post("/ui/shares/" + name + "/uploads")
        .then()
        .statusCode(403);
    given().get("/api/v1/shares/" + name + "/upload-rules").then().body("quotaBytes", equalTo(0));
  }

  @Test
  void changesPerPeerLimitsWithinRange() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"concurrentUploads\":8,\"bytesPerSecond\":10000000}")
        .put("/api/v1/settings/upload-limits")
        .then()
        .statusCode(200)
        .body("concurrentUploads", equalTo(8))
        .body("bytesPerSecond", equalTo(10_000_000));
    for (String bad :
        List.of(
            "{\"concurrentUploads\":0}", "{\"concurrentUploads\":65}", "{\"bytesPerSecond\":-5}")) {
      given()
          .contentType(ContentType.JSON)
          .body(bad)
          .put("/api/v1/settings/upload-limits")
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid"));
    }
    given()
        .get("/api/v1/settings/upload-limits")
        .then()
        .statusCode(200)
        .body("concurrentUploads", equalTo(8))
        .body("bytesPerSecond", equalTo(10_000_000));
    given()
        .contentType(ContentType.JSON)
        .body("{\"bytesPerSecond\":0}")
        .put("/api/v1/settings/upload-limits")
        .then()
        .body("concurrentUploads", equalTo(8))
        .body("bytesPerSecond", equalTo(0));
  }
}
