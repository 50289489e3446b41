package dev.drawbridge;

import dev.drawbridge.peerapi.coding.Compression;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The peer's settings; each key can be set by environment variable (DRAWBRIDGE_UI_PORT, ...). */
@ConfigMapping(prefix = "drawbridge")
public interface PeerConfig {
  /** Holds identity/, drawbridge.db and nothing a remote peer may ever read. */
  Path dataDir();

  Ui ui();

  Mesh mesh();

  Mdns mdns();

  Transfers transfers();

  interface Transfers {
    /** Where "Download to this computer" puts files unless the owner picks another folder. */
    @WithDefault("${user.home}/Downloads/Drawbridge")
    Path downloadDir();

    /** A folder with more files than this is refused before anything is fetched. */
    @WithDefault("100000")
    int maxFiles();

    /** A folder deeper than this is refused before anything is fetched. */
    @WithDefault("32")
    int maxDepth();

    /** Total download speed cap in bytes per second; 0 = as fast as the path allows. */
    @WithDefault("0")
    long maxBytesPerSecond();

    /**
     * zstd on chunk reads, both ways: {@code auto} asks for it when receiving and, when serving,
     * compresses a chunk only where that saves at least 10 % (never for known compressed formats);
     * {@code off} never does. Measurements behind the default: docs/benchmarks.md.
     */
    @WithDefault("auto")
    Compression compression();

    /** zstd level when serving: -7..-1 (faster) or 1..9 (smaller); 1 measured as the sweet spot. */
    @WithDefault("1")
    int compressionLevel();
  }

  /** Relays to keep a control connection to (host:port of their control port), until the owner edits the list. */
  Optional<List<String>> relays();

  interface Mdns {
    /** Advertise this peer and look for contacts on the local network (multicast DNS). */
    @WithDefault("true")
    boolean enabled();
  }

  interface Ui {
    /** The owner UI and local API bind here; keep it on loopback unless behind a proxy you trust. */
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("7777")
    int port();

    /** Extra Host header values accepted (e.g. "myserver.lan:7777"); DNS-rebinding protection. */
    Optional<List<String>> allowedHosts();
  }

  interface Mesh {
    /** TLS listener for other peers; 0 picks a free port. */
    @WithDefault("7778")
    int port();

    /** Address the mesh listener binds. */
    @WithDefault("0.0.0.0")
    String host();

    /**
     * Ways to reach peers, tried in this order: direct (contact address), lan (mDNS), punch (hole
     * punching via a relay), relay (relayed circuit). Drop one to never use it.
     */
    @WithDefault("direct,lan,punch,relay")
    List<String> transports();
  }
}
