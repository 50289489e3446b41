package dev.drawbridge.app;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.mesh.MeshOptions;
import dev.drawbridge.mesh.PeerDialer;
import dev.drawbridge.mesh.Relays;
import dev.drawbridge.node.NodeOptions;
import dev.drawbridge.node.NodeStores;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.peerapi.ChunkReads;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.store.DatabaseBootstrap;
import dev.drawbridge.store.OwnerOnly;
import dev.drawbridge.store.PanacheContactStore;
import dev.drawbridge.store.PanacheManifestStore;
import dev.drawbridge.store.PanacheSettingStore;
import dev.drawbridge.store.PanacheShareStore;
import dev.drawbridge.store.SqlUploadStore;
import dev.drawbridge.upload.ArrivalLog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Builds this process's {@link PeerNode} from the config mappings and the SQLite stores, starts it
 * before the rest of the app (download jobs resume on it) and stops it at shutdown, and exposes its
 * parts as beans. The node is built on first use, so a bean asked for early still gets it.
 */
@Singleton
public class PeerBeans {
  private static final Logger LOG = Logger.getLogger(PeerBeans.class);

  @Inject NodeConfig nodeConfig;
  @Inject MeshConfig meshConfig;
  @Inject TransfersConfig transfersConfig;
  @Inject Vertx vertx;
  @Inject PanacheShareStore shareStore;
  @Inject PanacheContactStore contactStore;
  @Inject PanacheManifestStore manifestStore;
  @Inject PanacheSettingStore settingStore;
  @Inject AgroalDataSource dataSource;

  private Identity identity;
  private ShareCatalog shares;
  private ContactBook contacts;
  private PeerNode node;

  void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent ev) {
    node();
  }

  void stop(@Observes ShutdownEvent ev) {
    PeerNode started;
    synchronized (this) {
      started = node;
    }
    if (started != null) {
      started.stop();
    }
  }

  @Produces
  @Singleton
  synchronized PeerNode node() {
    if (node == null) {
      Identity id = identity();
      contacts().load(); // first database use: runs DatabaseBootstrap
      shares().reload();
      PeerNode n =
          new PeerNode(
              vertx,
              id,
              new NodeStores(
                  shares(),
                  contacts(),
                  manifestStore,
                  settingStore,
                  ArrivalLog.inMemory(),
                  new SqlUploadStore(dataSource)),
              new NodeOptions(
                  new MeshOptions(meshConfig.host(), meshConfig.port(), meshConfig.transports()),
                  nodeConfig.mdns().enabled(),
                  nodeConfig.relays().orElse(List.of()),
                  transfersConfig.compression(),
                  transfersConfig.compressionLevel()));
      n.start();
      node = n;
      DatabaseBootstrap.Outcome db = DatabaseBootstrap.outcome();
      LOG.infof(
          "Drawbridge peer %s (%s) ready; database: %s",
          id.peerId().grouped(), id.displayName(), db == null ? "?" : db.mode());
    }
    return node;
  }

  @Produces
  @Singleton
  synchronized Identity identity() {
    if (identity == null) {
      try {
        createPrivateDir(nodeConfig.dataDir());
        identity = Identity.loadOrCreate(nodeConfig.dataDir().resolve("identity"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load this peer's identity: " + e.getMessage(), e);
      }
    }
    return identity;
  }

  @Produces
  @Singleton
  synchronized ShareCatalog shares() {
    if (shares == null) {
      shares = new ShareCatalog(shareStore, nodeConfig.dataDir());
    }
    return shares;
  }

  @Produces
  @Singleton
  synchronized ContactBook contacts() {
    if (contacts == null) {
      contacts = new ContactBook(contactStore);
    }
    return contacts;
  }

  @Produces
  @Singleton
  PeerDialer dialer() {
    return node().dialer();
  }

  @Produces
  @Singleton
  PeerApiClient client() {
    return node().client();
  }

  @Produces
  @Singleton
  Relays relays() {
    return node().relays();
  }

  @Produces
  @Singleton
  ManifestCache manifests() {
    return node().manifests();
  }

  @Produces
  @Singleton
  ChunkReads chunkReads() {
    return node().chunkReads();
  }

  /**
   * The data dir holds the private key and the database: owner-only (0700), also when it existed.
   */
  static void createPrivateDir(Path dir) throws IOException {
    OwnerOnly.directory(dir);
  }
}
