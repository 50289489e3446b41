package dev.drawbridge.node;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.MemoryShareStore;
import dev.drawbridge.share.ShareCatalog;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second peer in the test JVM for tests outside this package (e.g. a QuarkusTest whose app is the
 * other peer): its shares and grants are a real in-memory {@link ShareCatalog}, its mesh listens on
 * loopback, and owner settings (such as upload limits) are given up front.
 */
public final class HostPeer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Identity id = Identity.generate();
  private final ShareCatalog catalog;
  private final PeerNode node;

  public HostPeer(Path dataDir, Map<String, String> settings) throws Exception {
    catalog = new ShareCatalog(new MemoryShareStore(), Files.createDirectories(dataDir));
    node =
        TestNodes.start(
            vertx, id, catalog, peer -> List.of(), List.of("direct"), List.of(), settings);
  }

  public PeerId peerId() {
    return id.peerId();
  }

  public int meshPort() {
    return node.meshPort();
  }

  public PeerNode node() {
    return node;
  }

  /** Shares {@code folder} as {@code name} and grants it to {@code guest}. */
  public void share(String name, Path folder, PeerId guest, Access access) {
    catalog.add(name, folder.toString());
    catalog.grant(name, guest, access);
  }

  @Override
  public void close() {
    node.stop();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
