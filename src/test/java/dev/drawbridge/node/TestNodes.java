package dev.drawbridge.node;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.AddressBook;
import dev.drawbridge.mesh.MeshOptions;
import dev.drawbridge.peerapi.coding.Compression;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.upload.ArrivalLog;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Started peers for in-JVM scenarios: loopback mesh on a free port, settings kept in memory. */
final class TestNodes {
  private TestNodes() {}

  /** A peer that dials only {@code transports} and keeps a control connection to {@code relays}. */
  static PeerNode start(
      Vertx vertx,
      Identity id,
      ShareAccess shares,
      AddressBook book,
      List<String> transports,
      List<String> relays) {
    return start(vertx, id, shares, book, transports, relays, Map.of());
  }

  /** As above, with owner settings already saved (e.g. upload limits). */
  static PeerNode start(
      Vertx vertx,
      Identity id,
      ShareAccess shares,
      AddressBook book,
      List<String> transports,
      List<String> relays,
      Map<String, String> initialSettings) {
    return start(
        vertx,
        id,
        shares,
        book,
        transports,
        relays,
        new ConcurrentHashMap<>(initialSettings),
        ArrivalLog.inMemory());
  }

  /** As above, with the peer's settings in {@code saved} and its arrivals in {@code arrivals}. */
  static PeerNode start(
      Vertx vertx,
      Identity id,
      ShareAccess shares,
      AddressBook book,
      List<String> transports,
      List<String> relays,
      Map<String, String> saved,
      ArrivalLog arrivals) {
    SettingStore settings =
        new SettingStore() {
          @Override
          public Optional<String> read(String name) {
            return Optional.ofNullable(saved.get(name));
          }

          @Override
          public void write(String name, String value) {
            saved.put(name, value);
          }
        };
    PeerNode n =
        new PeerNode(
            vertx,
            id,
            new NodeStores(shares, book, ManifestStore.NONE, settings, arrivals),
            new NodeOptions(
                new MeshOptions("127.0.0.1", 0, transports), false, relays, Compression.AUTO, 1));
    n.start();
    return n;
  }
}
