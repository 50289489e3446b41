package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.AddressBook;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.share.GrantTable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Alice and Bob, contacts of each other, and Carol, whom Bob does not know (she knows his address):
 * three real peers on the loopback mesh with no share between them.
 */
final class OfferPeers implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final Identity aliceId = Identity.generate();
  final Identity bobId = Identity.generate();
  final Identity carolId = Identity.generate();
  final Map<String, String> bobSaved = new ConcurrentHashMap<>();
  final SettingStore bobSettings =
      new SettingStore() {
        @Override
        public java.util.Optional<String> read(String name) {
          return java.util.Optional.ofNullable(bobSaved.get(name));
        }

        @Override
        public void write(String name, String value) {
          bobSaved.put(name, value);
        }
      };
  final PeerNode alice;
  final PeerNode bob;
  final PeerNode carol;
  private final Map<PeerId, List<PeerAddress>> addresses = new ConcurrentHashMap<>();

  OfferPeers() {
    alice = node(aliceId, Set.of(bobId.peerId()), new ConcurrentHashMap<>());
    bob = node(bobId, Set.of(aliceId.peerId()), bobSaved);
    carol = node(carolId, Set.of(bobId.peerId()), new ConcurrentHashMap<>());
    addresses.put(aliceId.peerId(), List.of(new PeerAddress("127.0.0.1", alice.meshPort())));
    addresses.put(bobId.peerId(), List.of(new PeerAddress("127.0.0.1", bob.meshPort())));
    reach(alice, bobId.peerId());
    reach(bob, aliceId.peerId());
    reach(carol, bobId.peerId());
  }

  /**
   * Alice again after a restart: the same identity and the given offer store (what survives on
   * disk), a fresh node on a new port. The running Alice is stopped first.
   */
  PeerNode restartAlice(dev.drawbridge.offer.OfferStore offers) {
    (restarted != null ? restarted : alice).stop();
    AddressBook book = book(Set.of(bobId.peerId()));
    PeerNode again =
        new PeerNode(
            vertx,
            aliceId,
            new NodeStores(
                GrantTable.EMPTY,
                book,
                dev.drawbridge.peerapi.manifest.ManifestStore.NONE,
                new SettingStore() {
                  @Override
                  public java.util.Optional<String> read(String name) {
                    return java.util.Optional.empty();
                  }

                  @Override
                  public void write(String name, String value) {}
                },
                dev.drawbridge.upload.ArrivalLog.inMemory(),
                dev.drawbridge.upload.UploadStore.inMemory(),
                offers),
            new NodeOptions(
                new dev.drawbridge.mesh.MeshOptions("127.0.0.1", 0, List.of("direct")),
                false,
                List.of(),
                dev.drawbridge.peerapi.coding.Compression.AUTO,
                1));
    again.start();
    restarted = again;
    return again;
  }

  private PeerNode restarted;

  PeerId bobPeer() {
    return bobId.peerId();
  }

  /** A cold JVM on a busy machine can miss the dialer's first probe: reach the peer first. */
  private static void reach(PeerNode from, PeerId to) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                from.client()
                        .hello(to)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                    != null);
  }

  private PeerNode node(Identity id, Set<PeerId> contacts, Map<String, String> settings) {
    AddressBook book = book(contacts);
    return TestNodes.start(
        vertx,
        id,
        GrantTable.EMPTY,
        book,
        List.of("direct"),
        List.of(),
        settings,
        dev.drawbridge.upload.ArrivalLog.inMemory());
  }

  private AddressBook book(Set<PeerId> contacts) {
    return new AddressBook() {
      @Override
      public List<PeerAddress> addressesOf(PeerId peer) {
        return addresses.getOrDefault(peer, List.of());
      }

      @Override
      public Set<PeerId> contacts() {
        return contacts;
      }
    };
  }

  @Override
  public void close() {
    carol.stop();
    bob.stop();
    (restarted != null ? restarted : alice).stop();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
