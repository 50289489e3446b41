package dev.drawbridge.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection strategy: order, fallback, keeping a link, upgrading relayed to direct. */
class PeerDialerTest {
  final Vertx vertx = Vertx.vertx();
  final PeerId peer = Identity.generate().peerId();
  final List<String> attempts = new ArrayList<>();

  @AfterEach
  void close() {
    vertx.close();
  }

  /** A transport whose availability the test switches; links are real (unused) HTTP clients. */
  final class Switchable implements Transport {
    final Route.Kind kind;
    boolean up;
    String failure = "refused";

    Switchable(Route.Kind kind, boolean up) {
      this.kind = kind;
      this.up = up;
    }

    @Override
    public Route.Kind kind() {
      return kind;
    }

    @Override
    public Future<PeerLink> open(PeerId p) {
      attempts.add(kind.name());
      if (!up) {
        return Future.failedFuture(
            failure == null
                ? PeerUnreachableException.nothingToTry(p, "nothing")
                : new PeerUnreachableException(p, failure));
      }
      HttpClient http = vertx.createHttpClient();
      return Future.succeededFuture(new PeerLink(p, http, new Route(kind, "x")));
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void triesTransportsInOrderAndKeepsTheFirstThatWorks() throws Exception {
    Switchable direct = new Switchable(Route.Kind.DIRECT, false);
    Switchable relay = new Switchable(Route.Kind.RELAYED, true);
    PeerDialer dialer = new PeerDialer(List.of(direct, relay));

    PeerLink link = await(dialer.dial(peer));
    assertEquals(Route.Kind.RELAYED, link.route().kind());
    assertSame(link, await(dialer.dial(peer)), "the working link is reused");
    assertEquals(List.of("DIRECT", "RELAYED"), attempts);
  }

  @Test
  void upgradesARelayedLinkOnceADirectPathAppears() throws Exception {
    Switchable direct = new Switchable(Route.Kind.DIRECT, false);
    Switchable relay = new Switchable(Route.Kind.RELAYED, true);
    PeerDialer dialer = new PeerDialer(List.of(direct, relay));
    await(dialer.dial(peer));

    direct.up = true;
    dialer.upgrade();

    org.awaitility.Awaitility.await()
        .until(() -> dialer.route(peer).map(Route::kind).orElse(null) == Route.Kind.DIRECT);
    assertEquals(Route.Kind.DIRECT, await(dialer.dial(peer)).route().kind());
  }

  @Test
  void doesNotTryToUpgradeADirectLink() throws Exception {
    Switchable direct = new Switchable(Route.Kind.DIRECT, true);
    Switchable relay = new Switchable(Route.Kind.RELAYED, true);
    PeerDialer dialer = new PeerDialer(List.of(direct, relay));
    await(dialer.dial(peer));
    attempts.clear();
    dialer.upgrade();
    assertEquals(List.of(), attempts);
  }

  @Test
  void reportsTheMostTellingFailure() throws Exception {
    Switchable direct = new Switchable(Route.Kind.DIRECT, false);
    direct.failure = "its key does not match";
    Switchable relay = new Switchable(Route.Kind.RELAYED, false);
    relay.failure = null; // nothing to try: not online at any relay
    PeerDialer dialer = new PeerDialer(List.of(direct, relay));

    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class, () -> await(dialer.dial(peer)));
    assertTrue(e.getCause().getMessage().contains("key does not match"), e.getCause().getMessage());
  }

  @Test
  void saysSoWhenThereIsNothingAtAllToTry() throws Exception {
    Switchable direct = new Switchable(Route.Kind.DIRECT, false);
    direct.failure = null;
    PeerDialer dialer = new PeerDialer(List.of(direct));
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class, () -> await(dialer.dial(peer)));
    assertTrue(e.getCause().getMessage().contains("no address known"), e.getCause().getMessage());
  }

  @Test
  void forgettingALinkMakesTheNextDialSearchAgain() throws Exception {
    Switchable direct = new Switchable(Route.Kind.DIRECT, true);
    PeerDialer dialer = new PeerDialer(List.of(direct));
    await(dialer.dial(peer));
    dialer.reset();
    await(dialer.dial(peer));
    assertEquals(List.of("DIRECT", "DIRECT"), attempts);
  }
}
