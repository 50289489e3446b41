package dev.drawbridge.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The peer's own settings (drawbridge.*); each key can be set by environment variable
 * (DRAWBRIDGE_DATA_DIR, ...). The UI, mesh and transfers have their own mappings.
 */
@ConfigMapping(prefix = "drawbridge")
public interface NodeConfig {
  /** Holds identity/, drawbridge.db and nothing a remote peer may ever read. */
  Path dataDir();

  /**
   * Relays to keep a control connection to (host:port of their control port), until the owner edits
   * the list.
   */
  Optional<List<String>> relays();

  Mdns mdns();

  interface Mdns {
    /** Advertise this peer and look for contacts on the local network (multicast DNS). */
    @WithDefault("true")
    boolean enabled();
  }
}
