package dev.drawbridge.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Relay names are looked up off the event loop, with a timeout, and cancelled by a reset. */
class RelayLookupsTest {
  // One event loop: anything that blocks it stalls every request on this Vert.x.
  final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  final CountDownLatch nameServerAnswers = new CountDownLatch(1);
  final AtomicInteger lookups = new AtomicInteger();
  final HostLookups.Resolver slowNameServer =
      host -> {
        lookups.incrementAndGet();
        try {
          nameServerAnswers.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new UnknownHostException(host);
      };
  Relays relays;

  @AfterEach
  void stop() {
    nameServerAnswers.countDown();
    if (relays != null) {
      relays.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  Relays relays(Duration timeout) {
    relays =
        new Relays(
            vertx,
            Identity.generate(),
            () -> 1,
            Set::of,
            new HostLookups(vertx, slowNameServer, timeout));
    return relays;
  }

  @Test
  void aRelayNameThatResolvesSlowlyDoesNotStallMeshRequests() throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(r -> r.response().end("ok"))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    Relays r = relays(Duration.ofMillis(1500));
    // As the periodic check does: configure on the event loop.
    vertx.runOnContext(v -> r.configure(List.of(PeerAddress.parse("slow.example:7779"))));
    await().atMost(Duration.ofSeconds(5)).until(() -> lookups.get() == 1);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.actualPort() + "/peer/v1/x"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals("ok", answer.body());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
    }
    // The lookup gives up after its timeout, and the relay says why.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                r.status().get(0).problem() != null
                    && r.status().get(0).problem().contains("timed out"));
  }

  @Test
  void resettingTheListCancelsLookupsStillWaiting() throws Exception {
    Relays r = relays(Duration.ofSeconds(20));
    List<PeerAddress> many = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      many.add(PeerAddress.parse("slow-" + i + ".example:7779"));
    }
    r.configure(many);
    await().atMost(Duration.ofSeconds(5)).until(() -> lookups.get() == HostLookups.THREADS);

    r.configure(List.of());
    nameServerAnswers.countDown();

    // None of the 8 waiting lookups runs after the reset.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> lookups.get() == HostLookups.THREADS);
    assertTrue(r.status().isEmpty());
  }

  @Test
  void refusesAListOfMoreThan32Relays() {
    Relays r = relays(Duration.ofSeconds(1));
    List<PeerAddress> tooMany = new ArrayList<>();
    for (int i = 0; i <= Relays.MAX_RELAYS; i++) {
      tooMany.add(new PeerAddress("127.0.0.1", 1000 + i));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.configure(tooMany));
    assertTrue(e.getMessage().contains("at most 32"), e.getMessage());
    assertTrue(r.configured().isEmpty());
  }
}
