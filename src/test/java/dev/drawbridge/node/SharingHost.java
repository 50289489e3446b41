package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.share.GrantTable;
import dev.drawbridge.share.MemoryShareStore;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.share.ShareCatalog;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A host peer whose shares and grants are a real {@link ShareCatalog} (in memory, no database), and
 * guest peers that reach it directly on loopback: the owner's revoke and the guest's stream meet in
 * the same code as in the app.
 */
final class SharingHost implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final Identity hostId = Identity.generate();
  final ShareCatalog catalog;

  /** Upload rules per share name, as the owner would set them (default rules otherwise). */
  final Map<String, dev.drawbridge.share.UploadRules> rules;

  /** The host's owner settings (per-peer upload limits) and what arrived. */
  final Map<String, String> hostSettings = new ConcurrentHashMap<>();

  final dev.drawbridge.upload.ArrivalLog arrivals = dev.drawbridge.upload.ArrivalLog.inMemory();
  final PeerNode host;
  private final Map<PeerId, List<PeerAddress>> addresses = new ConcurrentHashMap<>();
  private final List<PeerNode> guests = new ArrayList<>();

  SharingHost(Path dataDir) throws Exception {
    catalog = new ShareCatalog(new MemoryShareStore(), Files.createDirectories(dataDir));
    RuledShares ruled = new RuledShares(catalog);
    rules = ruled.rules;
    host =
        TestNodes.start(
            vertx,
            hostId,
            ruled,
            peer -> addresses.getOrDefault(peer, List.of()),
            List.of("direct"),
            List.of(),
            hostSettings,
            arrivals);
    addresses.put(hostId.peerId(), List.of(new PeerAddress("127.0.0.1", host.meshPort())));
  }

  PeerId peerId() {
    return hostId.peerId();
  }

  /**
   * A peer that knows the host's address and shares nothing itself, once it has reached the host (a
   * cold JVM on a busy machine can miss the dialer's first 4 s probe).
   */
  PeerNode guest(Identity id) {
    PeerNode g = node(id, GrantTable.EMPTY);
    guests.add(g);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                g.client()
                        .hello(peerId())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                    != null);
    return g;
  }

  private PeerNode node(Identity id, ShareAccess shares) {
    return TestNodes.start(
        vertx,
        id,
        shares,
        peer -> addresses.getOrDefault(peer, List.of()),
        List.of("direct"),
        List.of());
  }

  @Override
  public void close() {
    guests.forEach(PeerNode::stop);
    host.stop();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
