package dev.drawbridge.node;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.GrantTable;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.UploadRules;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real guest peer uploads into this app's share over the TLS mesh: the arrival lands in SQLite,
 * the owner's API lists it, and the owner's quota (saved rules + stored usage) refuses the next.
 */
@QuarkusTest
class ArrivalsFromAPeerTest {
  @Inject PeerNode host;
  @Inject ShareCatalog catalog;
  @Inject Identity me;

  static <T> T done(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  @Test
  void aPeersUploadIsListedAndCountsAgainstTheQuota() throws Exception {
    String name = "inbox-" + UUID.randomUUID().toString().substring(0, 8);
    Path folder =
        Files.createDirectories(Path.of("target/test-shares", UUID.randomUUID().toString(), name))
            .toAbsolutePath();
    Identity guestId = Identity.generate();
    catalog.add(name, folder.toString());
    catalog.grant(name, guestId.peerId(), Access.READ_WRITE);
    catalog.setUploadRules(name, new UploadRules(false, 0, 0, 1, 0)); // one file in total
    Vertx vertx = Vertx.vertx();
    PeerNode guest =
        TestNodes.start(
            vertx,
            guestId,
            GrantTable.EMPTY,
            peer ->
                peer.equals(me.peerId())
                    ? List.of(new PeerAddress("127.0.0.1", host.meshPort()))
                    : List.of(),
            List.of("direct"),
            List.of());
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> done(guest.client().hello(me.peerId())) != null);

      assertEquals(
          201,
          done(guest
                  .uploads()
                  .put(
                      me.peerId(),
                      name,
                      SharePath.parse("from-guest.txt"),
                      Buffer.buffer("hello"),
                      null))
              .status());
      assertEquals("hello", Files.readString(folder.resolve("from-guest.txt")));
      given()
          .get("/api/v1/shares/" + name + "/arrivals")
          .then()
          .statusCode(200)
          .body("arrivals", hasSize(1))
          .body("arrivals[0].path", equalTo("from-guest.txt"))
          .body("arrivals[0].bytes", equalTo(5))
          .body("arrivals[0].from", equalTo(guestId.peerId().shortForm()));

      PeerApiException refused =
          assertThrows(
              PeerApiException.class,
              () ->
                  done(
                      guest
                          .uploads()
                          .put(
                              me.peerId(),
                              name,
                              SharePath.parse("second.txt"),
                              Buffer.buffer("again"),
                              null)));
      assertEquals(507, refused.status());
      assertFalse(Files.exists(folder.resolve("second.txt")), "nothing placed past the quota");
      given().get("/api/v1/shares/" + name + "/arrivals").then().body("arrivals", hasSize(1));
    } finally {
      guest.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
