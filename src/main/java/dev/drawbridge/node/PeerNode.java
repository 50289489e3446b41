package dev.drawbridge.node;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.DirectTransport;
import dev.drawbridge.mesh.LanDiscovery;
import dev.drawbridge.mesh.MeshServer;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.mesh.PeerDialer;
import dev.drawbridge.mesh.PunchTransport;
import dev.drawbridge.mesh.RelayTransport;
import dev.drawbridge.mesh.Relays;
import dev.drawbridge.mesh.Route;
import dev.drawbridge.mesh.Transport;
import dev.drawbridge.peerapi.ChunkReads;
import dev.drawbridge.peerapi.PeerApi;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.peerapi.coding.ChunkCoding;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import dev.drawbridge.upload.PeerBudget;
import dev.drawbridge.upload.Uploads;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One peer, built from typed options: the mesh listener serving the peer API, LAN discovery,
 * relays, the dialer and the clients that read from other peers. A plain class, so tests can run
 * several peers in one JVM; the Quarkus app builds one at start and exposes its parts as beans.
 */
public final class PeerNode {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(PeerNode.class);

  /** How often relayed links try to become direct (Bifrost/Spacedrive do the same). */
  static final long UPGRADE_EVERY_MS = 30_000;

  static final String RELAYS_SETTING = "relays";

  /** How often uploads idle for a day are removed with their partial files. */
  static final long SWEEP_EVERY_MS = 3_600_000;

  private final Vertx vertx;
  private final Identity identity;
  private final NodeStores stores;
  private final NodeOptions options;
  private final List<Runnable> refreshListeners = new CopyOnWriteArrayList<>();

  private MeshServer mesh;
  private PeerDialer dialer;
  private LanDiscovery lan;
  private Relays relays;
  private PeerApiClient client;
  private ManifestCache manifests;
  private ChunkReads chunkReads;
  private UploadClient uploadClient;
  private Uploads incoming;
  private long upgradeTimer = -1;
  private long sweepTimer = -1;

  public PeerNode(Vertx vertx, Identity identity, NodeStores stores, NodeOptions options) {
    this.vertx = vertx;
    this.identity = identity;
    this.stores = stores;
    this.options = options;
  }

  /** Starts the mesh listener (waits up to 30 s for it), LAN discovery, relays and the dialer. */
  public void start() {
    manifests = new ManifestCache(vertx, stores.manifests());
    incoming = new Uploads(stores.uploads(), stores.arrivals(), PeerApi.etags(), Clock.systemUTC());
    incoming.restore(); // partials cut back to their verified offsets before anyone may append
    mesh =
        new MeshServer(
            vertx,
            identity,
            options.mesh().host(),
            options.mesh().port(),
            new PeerApi(
                vertx,
                identity,
                stores.shares(),
                manifests,
                new ChunkCoding(options.compression(), options.compressionLevel()),
                incoming,
                new PeerBudget(new UploadLimits(stores.settings()))),
            // Not a stranger: granted a share, or a contact with an address (both in memory).
            p ->
                !stores.shares().sharesFor(p).isEmpty()
                    || !stores.contacts().addressesOf(p).isEmpty(),
            MeshServer.Limits.DEFAULT);
    mesh.start().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    lan = new LanDiscovery(identity.peerId(), mesh.actualPort());
    if (options.mdnsEnabled()) {
      vertx.executeBlocking(
          () -> {
            lan.start();
            return null;
          },
          false);
    }
    // Only our contacts and the peers we share with may see us at relays or punch to us.
    relays = new Relays(vertx, identity, mesh::actualPort, this::mayReachUs);
    relays.configure(
        storedRelays(
            stores
                .settings()
                .read(RELAYS_SETTING)
                .map(v -> v.isBlank() ? List.<String>of() : List.of(v.split("\n")))
                .orElse(options.relays())));
    dialer = new PeerDialer(transports());
    client = new PeerApiClient(dialer);
    chunkReads = new ChunkReads(vertx, client, ChunkReads.DEFAULT_MAX_WAIT, options.compression());
    uploadClient = new UploadClient(vertx, client);
    upgradeTimer = vertx.setPeriodic(UPGRADE_EVERY_MS, id -> dialer.upgrade());
    sweepTimer =
        vertx.setPeriodic(
            SWEEP_EVERY_MS, id -> vertx.executeBlocking(() -> incoming.sweep(), false));
  }

  public void stop() {
    if (upgradeTimer >= 0) {
      vertx.cancelTimer(upgradeTimer);
    }
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    if (mesh != null) {
      mesh.stop()
          .toCompletionStage()
          .toCompletableFuture()
          .completeOnTimeout(null, Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)
          .join();
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

  /** Contacts and grantees: who may see us at our relays and have their punch offers answered. */
  private Set<PeerId> mayReachUs() {
    Set<PeerId> out = new HashSet<>(stores.contacts().contacts());
    out.addAll(stores.shares().grantees());
    return out;
  }

  public Identity identity() {
    return identity;
  }

  public int meshPort() {
    return mesh.actualPort();
  }

  /**
   * The connection strategy, in the configured order (default: address, LAN, hole punch, relay).
   */
  private List<Transport> transports() {
    List<Transport> out = new ArrayList<>();
    for (String name : options.mesh().transports()) {
      switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "direct" ->
            out.add(new DirectTransport(vertx, identity, stores.contacts(), Route.Kind.DIRECT));
        case "lan" -> out.add(new DirectTransport(vertx, identity, lan, Route.Kind.LAN));
        case "punch" -> out.add(new PunchTransport(vertx, identity, relays));
        case "relay" -> out.add(new RelayTransport(vertx, identity, relays));
        default ->
            throw new IllegalArgumentException(
                "drawbridge.mesh.transports: unknown '"
                    + name
                    + "' (use direct, lan, punch, relay)");
      }
    }
    return out;
  }

  /** Parses the list; more than {@link Relays#MAX_RELAYS} is refused (a clear 400 in the API). */
  static List<PeerAddress> parseRelays(List<String> texts) {
    List<PeerAddress> parsed =
        texts.stream()
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .map(PeerAddress::parse)
            .distinct()
            .toList();
    if (parsed.size() > Relays.MAX_RELAYS) {
      throw new IllegalArgumentException(
          "too many relays: at most " + Relays.MAX_RELAYS + ", got " + parsed.size());
    }
    return parsed;
  }

  /** A stored list from before the cap: use the first {@link Relays#MAX_RELAYS}, and say so. */
  static List<PeerAddress> storedRelays(List<String> texts) {
    List<String> kept = texts;
    if (texts.size() > Relays.MAX_RELAYS) {
      LOG.warnf("relay list has %d entries; using the first %d", texts.size(), Relays.MAX_RELAYS);
      kept = texts.subList(0, Relays.MAX_RELAYS);
    }
    return parseRelays(kept);
  }

  /** Replaces the relay list (validated first, so a typo changes nothing) and remembers it. */
  public void useRelays(List<String> texts) {
    List<PeerAddress> parsed = parseRelays(texts);
    stores
        .settings()
        .write(
            RELAYS_SETTING, String.join("\n", parsed.stream().map(PeerAddress::toString).toList()));
    relays.configure(parsed);
    dialer.reset();
  }

  /**
   * Runs {@code listener} after every "refresh network", so waiting work (transfers) retries at
   * once.
   */
  public void onNetworkRefreshed(Runnable listener) {
    refreshListeners.add(listener);
  }

  /**
   * Libdrop's network_refresh: retry relays, ask the LAN again, and search every peer's path anew.
   */
  public void refreshNetwork() {
    relays.reconnectNow();
    if (options.mdnsEnabled()) {
      vertx.executeBlocking(
          () -> {
            lan.refresh();
            return null;
          },
          false);
    }
    dialer.reset();
    refreshListeners.forEach(Runnable::run);
  }

  public Relays relays() {
    return relays;
  }

  public boolean mdnsEnabled() {
    return options.mdnsEnabled();
  }

  public String meshHost() {
    return options.mesh().host();
  }

  public PeerDialer dialer() {
    return dialer;
  }

  public PeerApiClient client() {
    return client;
  }

  /** Reads manifests, chunks and batches of files from other peers. */
  public ChunkReads chunkReads() {
    return chunkReads;
  }

  /** Sends files to other peers' shares (PUT, resumable parts, folders). */
  public UploadClient uploads() {
    return uploadClient;
  }

  /** Unfinished uploads other peers are sending into this host. */
  public Uploads incomingUploads() {
    return incoming;
  }

  /** The host's manifests: background hashing, memory and database tiers. */
  public ManifestCache manifests() {
    return manifests;
  }
}
