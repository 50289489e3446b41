package dev.drawbridge.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerTrust;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 5 over real TLS sockets on loopback: authenticated strangers that open connections
 * and drip request-head bytes (each drip well inside the idle timeout) are closed by the peer once
 * the request-head timeout passes, and a granted peer keeps being served during that flood.
 */
class SlowRequestFloodTest {
  static final int STRANGERS = 200;
  static final int STRANGER_KEYS = 10;

  final Vertx vertx = Vertx.vertx();
  final Identity server = Identity.generate();
  final Identity granted = Identity.generate();
  final List<NetClient> clients = new ArrayList<>();
  MeshServer mesh;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  void startServer() throws Exception {
    mesh =
        new MeshServer(
            vertx,
            server,
            "127.0.0.1",
            0,
            (caller, req) -> req.response().end("hello " + caller.shortForm()),
            granted.peerId()::equals,
            MeshServer.Limits.DEFAULT);
    get(mesh.start());
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** A raw TLS client presenting a throwaway key: it gets through the handshake, then stalls. */
  NetClient stranger() {
    Identity throwaway = Identity.generate();
    NetClient c =
        vertx.createNetClient(
            new NetClientOptions()
                .setSsl(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                .setKeyCertOptions(KeyCertOptions.wrap(throwaway.keyManager()))
                .setHostnameVerificationAlgorithm("")
                .setTrustOptions(TrustOptions.wrap(PeerTrust.pinned(server.peerId())))
                .setConnectTimeout(5000));
    clients.add(c);
    return c;
  }

  @Test
  void strangersDrippingRequestHeadsAreClosedWithinTheHeadTimeoutWhileAGrantedPeerIsServed()
      throws Exception {
    startServer();
    int port = mesh.actualPort();
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    List<NetClient> keys = new ArrayList<>();
    for (int i = 0; i < STRANGER_KEYS; i++) {
      keys.add(stranger());
    }
    for (int i = 0; i < STRANGERS; i++) {
      keys.get(i % STRANGER_KEYS)
          .connect(port, "127.0.0.1")
          .onSuccess(
              s -> {
                sockets.add(s);
                s.closeHandler(v -> closed.incrementAndGet());
                s.write("GET /peer/v1/hello HTTP/1.1\r\nHost: x\r\n");
              })
          .onFailure(e -> failed.incrementAndGet());
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertEquals(
                    STRANGERS,
                    sockets.size() + failed.get(),
                    "connected " + sockets.size() + ", failed " + failed.get()));
    long allConnected = System.nanoTime();
    assertEquals(0, failed.get(), "every stranger completes its TLS handshake");
    // One header byte per socket every 2 s: far inside the 120 s idle timeout, never a full head.
    long drip =
        vertx.setPeriodic(
            2000,
            id -> {
              for (NetSocket s : sockets) {
                s.write("X");
              }
            });

    HttpClient http =
        vertx.createHttpClient(MeshTls.client(granted, server.peerId()).setMaxPoolSize(1));
    for (int i = 0; i < 3; i++) {
      assertTrue(hello(http, port).startsWith("200 hello "), "served during the flood");
    }

    // Every connection was accepted before allConnected, so its head deadline has passed by then
    // plus the timeout; the margin covers the server's 1 s sweep and a loaded machine.
    Duration limit = Duration.ofSeconds(10).plus(Duration.ofSeconds(3));
    await()
        .atMost(limit.minus(Duration.ofNanos(System.nanoTime() - allConnected)))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> closed.get() == STRANGERS);
    vertx.cancelTimer(drip);

    // The granted peer is still served after the flood.
    assertTrue(hello(http, port).startsWith("200 hello "), "served after the flood");
  }

  static String hello(HttpClient http, int port) throws Exception {
    return get(
        http.request(HttpMethod.GET, port, "127.0.0.1", "/peer/v1/hello")
            .compose(req -> req.send())
            .compose(r -> r.body().map(b -> r.statusCode() + " " + b)));
  }
}
