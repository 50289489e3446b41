package dev.drawbridge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.GrantTable;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two peers in one JVM, built from plain options and in-memory stores: no Quarkus, no database. */
class PeerNodeTest {
  @TempDir Path dir;
  Vertx vertx;
  Identity hostId = Identity.generate();
  Identity guestId = Identity.generate();
  PeerNode host;
  PeerNode guest;
  final Map<PeerId, List<PeerAddress>> addresses = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Files.writeString(dir.resolve("hello.txt"), "hello from the host");
    GrantTable grants =
        GrantTable.of(List.of(new GrantTable.Row(guestId.peerId(), "docs", dir, Access.READ)));
    host = node(hostId, grants);
    guest = node(guestId, GrantTable.EMPTY);
    addresses.put(hostId.peerId(), List.of(new PeerAddress("127.0.0.1", host.meshPort())));
    // A cold JVM on a busy machine can miss the dialer's first 4 s probe: reach the host first.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> await(guest.client().hello(hostId.peerId())) != null);
  }

  @AfterEach
  void stop() {
    guest.stop();
    host.stop();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void aGuestListsTheSharesItIsGrantedAndReadsAFilesManifest() throws Exception {
    JsonArray shares = await(guest.client().shares(hostId.peerId()));
    assertEquals(1, shares.size());
    assertEquals("docs", shares.getJsonObject(0).getString("name"));

    Manifest m =
        await(guest.chunkReads().manifest(hostId.peerId(), "docs", SharePath.parse("hello.txt")));
    assertEquals("hello from the host".length(), m.size());
  }

  @Test
  void refreshingTheNetworkTellsEveryListener() {
    AtomicInteger told = new AtomicInteger();
    guest.onNetworkRefreshed(told::incrementAndGet);
    guest.onNetworkRefreshed(told::incrementAndGet);
    guest.refreshNetwork();
    assertEquals(2, told.get());
  }

  @Test
  void savedRelaysOverrideTheConfiguredOnesAndAreRemembered() {
    guest.useRelays(List.of(" 127.0.0.1:1 ", ""));
    assertTrue(guest.relays().configured().contains(new PeerAddress("127.0.0.1", 1)));
    assertEquals(1, guest.relays().configured().size());
  }

  private PeerNode node(Identity id, GrantTable grants) {
    return TestNodes.start(
        vertx,
        id,
        grants,
        peer -> addresses.getOrDefault(peer, List.of()),
        List.of("direct"),
        List.of());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
