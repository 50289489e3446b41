package dev.drawbridge;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.mesh.DirectTransport;
import dev.drawbridge.mesh.LanDiscovery;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.mesh.PeerDialer;
import dev.drawbridge.mesh.PunchTransport;
import dev.drawbridge.mesh.RelayTransport;
import dev.drawbridge.mesh.Relays;
import dev.drawbridge.store.Setting;
import dev.drawbridge.mesh.Route;
import dev.drawbridge.mesh.MeshServer;
import dev.drawbridge.peerapi.PeerApi;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.TransferClient;
import dev.drawbridge.peerapi.coding.ChunkCoding;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.store.DatabaseBootstrap;
import dev.drawbridge.store.PanacheManifestStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Wires the CDI-free core (identity, mesh, peer API) into Quarkus: loads the identity, opens the
 * database, loads grants and contacts, and starts the mesh listener on Quarkus' Vert.x.
 */
@ApplicationScoped
public class PeerNode {
  private static final Logger LOG = Logger.getLogger(PeerNode.class);
  /** How often relayed links try to become direct (Bifrost/Spacedrive do the same). */
  static final long UPGRADE_EVERY_MS = 30_000;

  @Inject PeerConfig config;
  @Inject Vertx vertx;
  @Inject ShareCatalog shares;
  @Inject ContactBook contacts;
  @Inject PanacheManifestStore manifestStore;

  private Identity identity;
  private MeshServer mesh;
  private PeerDialer dialer;
  private LanDiscovery lan;
  private Relays relays;
  private PeerApiClient client;
  private ManifestCache manifests;
  private TransferClient transfers;

  void start(@Observes StartupEvent ev) throws IOException {
    createPrivateDir(config.dataDir());
    identity();
    contacts.load(); // first database use: runs DatabaseBootstrap
    shares.reload();
    manifests = new ManifestCache(vertx, manifestStore);
    mesh = new MeshServer(vertx, identity, config.mesh().host(), config.mesh().port(),
        new PeerApi(vertx, identity, shares, manifests,
            new ChunkCoding(config.transfers().compression(), config.transfers().compressionLevel())));
    mesh.start().toCompletionStage().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    lan = new LanDiscovery(identity.peerId(), mesh.actualPort());
    if (config.mdns().enabled()) {
      vertx.executeBlocking(() -> {
        lan.start();
        return null;
      }, false);
    }
    relays = new Relays(vertx, identity, mesh::actualPort);
    relays.configure(parseRelays(Setting.read(RELAYS_SETTING)
        .map(v -> v.isBlank() ? List.<String>of() : List.of(v.split("\n")))
        .orElse(config.relays().orElse(List.of()))));
    dialer = new PeerDialer(transports());
    client = new PeerApiClient(dialer);
    transfers = new TransferClient(vertx, client, TransferClient.DEFAULT_MAX_WAIT, config.transfers().compression());
    vertx.setPeriodic(UPGRADE_EVERY_MS, id -> dialer.upgrade());
    DatabaseBootstrap.Outcome db = DatabaseBootstrap.outcome();
    LOG.infof("Drawbridge peer %s (%s) ready; database: %s", identity.peerId().grouped(),
        identity.displayName(), db == null ? "?" : db.mode());
  }

  void stop(@Observes ShutdownEvent ev) {
    if (mesh != null) {
      mesh.stop().toCompletionStage().toCompletableFuture().completeOnTimeout(null, Duration.ofSeconds(5).toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS).join();
    }
    if (dialer != null) {
      dialer.close();
    }
    if (lan != null) {
      lan.close();
    }
    if (relays != null) {
      relays.close();
    }
  }

  /** The data dir holds the private key and the database: owner-only (0700) when we create it. */
  static void createPrivateDir(java.nio.file.Path dir) throws IOException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      try {
        java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        java.nio.file.Files.createDirectories(dir); // not a POSIX file system
      }
    }
  }

  @Produces
  @Singleton
  synchronized Identity identity() {
    if (identity == null) {
      try {
        identity = Identity.loadOrCreate(config.dataDir().resolve("identity"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load this peer's identity: " + e.getMessage(), e);
      }
    }
    return identity;
  }

  public int meshPort() {
    return mesh.actualPort();
  }

  static final String RELAYS_SETTING = "relays";

  /** The connection strategy, in the configured order (default: address, LAN, hole punch, relay). */
  private List<dev.drawbridge.mesh.Transport> transports() {
    List<dev.drawbridge.mesh.Transport> out = new java.util.ArrayList<>();
    for (String name : config.mesh().transports()) {
      switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "direct" -> out.add(new DirectTransport(vertx, identity, contacts, Route.Kind.DIRECT));
        case "lan" -> out.add(new DirectTransport(vertx, identity, lan, Route.Kind.LAN));
        case "punch" -> out.add(new PunchTransport(vertx, identity, relays));
        case "relay" -> out.add(new RelayTransport(vertx, identity, relays));
        default -> throw new IllegalArgumentException(
            "drawbridge.mesh.transports: unknown '" + name + "' (use direct, lan, punch, relay)");
      }
    }
    return out;
  }

  static List<PeerAddress> parseRelays(List<String> texts) {
    return texts.stream().map(String::strip).filter(t -> !t.isEmpty()).map(PeerAddress::parse).distinct().toList();
  }

  /** Replaces the relay list (validated first, so a typo changes nothing) and remembers it. */
  public void useRelays(List<String> texts) {
    List<PeerAddress> parsed = parseRelays(texts);
    Setting.write(RELAYS_SETTING, String.join("\n", parsed.stream().map(PeerAddress::toString).toList()));
    relays.configure(parsed);
    dialer.reset();
  }

  /** Fired after "refresh network", so waiting work (transfers) retries at once. */
  public record NetworkRefreshed() {}

  @Inject jakarta.enterprise.event.Event<NetworkRefreshed> refreshed;

  /** Libdrop's network_refresh: retry relays, ask the LAN again, and search every peer's path anew. */
  public void refreshNetwork() {
    relays.reconnectNow();
    if (config.mdns().enabled()) {
      vertx.executeBlocking(() -> {
        lan.refresh();
        return null;
      }, false);
    }
    dialer.reset();
    refreshed.fire(new NetworkRefreshed());
  }

  public Relays relays() {
    return relays;
  }

  public boolean mdnsEnabled() {
    return config.mdns().enabled();
  }

  public String meshHost() {
    return config.mesh().host();
  }

  public PeerDialer dialer() {
    return dialer;
  }

  public PeerApiClient client() {
    return client;
  }

  public TransferClient transfers() {
    return transfers;
  }

  /** The host's manifests: background hashing, memory and database tiers. */
  public ManifestCache manifests() {
    return manifests;
  }
}
