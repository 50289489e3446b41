package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.Relays;
import dev.drawbridge.relay.RelayConfig;
import dev.drawbridge.relay.RelayServer;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.GrantTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that reach each other only through an in-process relay (protocol v2): every relayed
 * connection gets its own circuit token, and a peer the host does not know cannot even find it.
 */
class RelayedPeersTest {
  @TempDir Path dir;
  Vertx vertx;
  RelayServer relay;
  final Identity hostId = Identity.generate();
  final Identity guestId = Identity.generate();
  final List<PeerNode> nodes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    relay = done(new RelayServer(vertx, Identity.generate(), RelayConfig.loopback()).start());
  }

  @AfterEach
  void stop() {
    nodes.forEach(PeerNode::stop);
    relay.stop().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void aGranteeReachesTheHostThroughTheRelayOverSeveralCircuitsAndAStrangerCannotFindIt()
      throws Exception {
    PeerNode host =
        node(
            hostId,
            GrantTable.of(List.of(new GrantTable.Row(guestId.peerId(), "docs", dir, Access.READ))));
    PeerNode guest = node(guestId, GrantTable.EMPTY);
    PeerNode stranger = node(Identity.generate(), GrantTable.EMPTY);
    for (PeerNode n : nodes) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> n.relays().status().stream().allMatch(Relays.Status::connected));
    }

    // Parallel requests make the link's HTTP client open several connections: each one is a
    // circuit with its own single-use token.
    List<Future<JsonArray>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(guest.client().shares(hostId.peerId()));
    }
    for (Future<JsonArray> call : calls) {
      assertEquals("docs", done(call).getJsonObject(0).getString("name"));
    }
    assertTrue(relay.stats().totalCircuitBytes() > 0, "the bytes went through the relay");

    ExecutionException notFound =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> done(stranger.client().shares(hostId.peerId())));
    assertTrue(
        String.valueOf(notFound.getCause()).contains("not online at any relay"),
        String.valueOf(notFound.getCause()));
  }

  private PeerNode node(Identity id, GrantTable grants) {
    PeerNode n =
        TestNodes.start(
            vertx,
            id,
            grants,
            peer -> List.of(),
            List.of("relay"),
            List.of("127.0.0.1:" + relay.controlPort()));
    nodes.add(n);
    return n;
  }

  private static <T> T done(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
