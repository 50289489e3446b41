package dev.drawbridge.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The UI's live channel pushes rendered fragments for what the page shows, and only to its own
 * origin.
 */
@QuarkusTest
class LiveSocketTest {
  @TestHTTPResource("/")
  URI base;

  String startJob() {
    Path into = Path.of("target/test-downloads", UUID.randomUUID().toString()).toAbsolutePath();
    String body =
        "{\"peerId\":\""
            + Identity.generate().peerId().value()
            + "\",\"share\":\"pub\",\"path\":\"x.txt\",\"destination\":\""
            + into
            + "\"}";
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/transfers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  WebSocketClientConnection open(String query, List<String> received) {
    return BasicWebSocketConnector.create()
        .baseUri(base)
        .path("/ui/live" + query)
        .addHeader("Origin", base.getScheme() + "://" + base.getAuthority())
        .onTextMessage((c, m) -> received.add(m))
        .connectAndAwait();
  }

  @Test
  void aNewJobReachesTheTransfersListAsAFragmentToSwap() {
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocketClientConnection page = open("?filter=all", received);
    try {
      String id = startJob();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  received.stream()
                      .anyMatch(
                          m ->
                              m.contains("id=\"transfers\"")
                                  && m.contains("id=\"transfer-" + id + "\"")));
      assertTrue(
          received.stream().noneMatch(m -> m.contains("\"type\"")),
          "HTML fragments, not JSON events");
    } finally {
      page.closeAndAwait();
    }
  }

  @Test
  void aJobPageGetsItsBodyWhenTheJobChanges() {
    String id = startJob();
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocketClientConnection page = open("?transfer=" + id, received);
    try {
      // At once: the page's state as it is now (what changed between rendering and connecting).
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  received.stream()
                      .anyMatch(
                          m ->
                              m.contains("id=\"transfer-detail\"")
                                  && m.contains("data-transfer=\"" + id + "\"")));
      int before = received.size();
      given().post("/api/v1/transfers/" + id + "/cancel").then().statusCode(204);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  received.stream()
                      .skip(before)
                      .anyMatch(
                          m -> m.contains("id=\"transfer-detail\"") && m.contains("canceled")));
    } finally {
      page.closeAndAwait();
    }
  }

  @Test
  void refusesAnotherSitesPage() {
    assertThrows(
        RuntimeException.class,
        () ->
            BasicWebSocketConnector.create()
                .baseUri(base)
                .path("/ui/live")
                .addHeader("Origin", "http://evil.example")
                .onTextMessage((c, m) -> {})
                .connectAndAwait());
  }
}
