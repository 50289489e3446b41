package dev.drawbridge.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.store.RecentDestinations;
import dev.drawbridge.transfer.job.SlowTransfers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** POST /api/v1/transfers checks "destination" before any job exists. */
@QuarkusTest
@TestProfile(SlowTransfers.class)
class TransfersApiTest {
  String start(String destination) {
    String peer = Identity.generate().peerId().value();
    return "{\"peerId\":\""
        + peer
        + "\",\"share\":\"pub\",\"path\":\"x.txt\",\"destination\":\""
        + destination
        + "\"}";
  }

  @Test
  void refusesBadDestinationsBeforeStartingAnything() throws Exception {
    Path dir =
        Files.createDirectories(Path.of("target/test-downloads", UUID.randomUUID().toString()))
            .toAbsolutePath();
    Files.writeString(dir.resolve("file.txt"), "x");
    String[][] cases = {
      {"relative/dir", "absolute"},
      {dir + "/../escape", "\\\"..\\\""},
      {dir + "/file.txt", "is a file, not a folder"},
      {"/proc", "cannot write into"},
    };
    int before = given().get("/api/v1/transfers").then().extract().jsonPath().getList("$").size();
    for (String[] c : cases) {
      given()
          .contentType(ContentType.JSON)
          .body(start(c[0]))
          .post("/api/v1/transfers")
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid"))
          .body("message", containsString(c[1].replace("\\\"", "\"")));
    }
    given().get("/api/v1/transfers").then().body("size()", equalTo(before));
  }

  @Test
  void acceptsAFolderThatDoesNotExistYetAndRemembersIt() throws Exception {
    Path later =
        Path.of("target/test-downloads", UUID.randomUUID().toString(), "later").toAbsolutePath();
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(start(later.toString()))
            .post("/api/v1/transfers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given().get("/api/v1/transfers/" + id).then().body("destination", equalTo(later.toString()));
    given().post("/api/v1/transfers/" + id + "/cancel").then().statusCode(204);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> RecentDestinations.list().contains(later.toString()));
  }
}
