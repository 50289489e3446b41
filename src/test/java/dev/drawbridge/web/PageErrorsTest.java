package dev.drawbridge.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.drawbridge.identity.Identity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The pages get the error mapper's failures as a fragment in plain words, never JSON. */
@QuarkusTest
class PageErrorsTest {
  @Test
  void htmxGetsAnInlineMessageForABadDownloadFolder() {
    given()
        .header("HX-Request", "true")
        .contentType(ContentType.URLENC)
        .formParam("peerId", Identity.generate().peerId().value())
        .formParam("share", "pub")
        .formParam("file", "x.txt")
        .formParam("destination", "relative/dir")
        .post("/ui/transfers")
        .then()
        .statusCode(400)
        .contentType(containsString("text/html"))
        .body(containsString("role=\"alert\""))
        .body(containsString("absolute"))
        .body(not(containsString("Go back")))
        .body(not(containsString("\"message\"")));
  }

  @Test
  void aPlainFormGetsTheMessageAndAWayBack() {
    given()
        .contentType(ContentType.URLENC)
        .formParam("peerId", Identity.generate().peerId().value())
        .formParam("share", "pub")
        .formParam("file", "x.txt")
        .formParam("destination", "relative/dir")
        .post("/ui/transfers")
        .then()
        .statusCode(400)
        .contentType(containsString("text/html"))
        .body(containsString("absolute"))
        .body(containsString("Go back"));
  }

  @Test
  void aJobPageThatIsGoneSaysSo() {
    given()
        .get("/transfers/no-such-job")
        .then()
        .statusCode(404)
        .body(containsString("gone from the history"));
  }

  @Test
  void theApiStillAnswersJson() {
    given()
        .get("/api/v1/transfers/no-such-job")
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("error", equalTo("not_found"));
  }
}
