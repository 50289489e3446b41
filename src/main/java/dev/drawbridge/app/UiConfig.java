package dev.drawbridge.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The owner UI and local API (drawbridge.ui.*, e.g. DRAWBRIDGE_UI_PORT). */
@ConfigMapping(prefix = "drawbridge.ui")
public interface UiConfig {
  /** The owner UI and local API bind here; keep it on loopback unless behind a proxy you trust. */
  @WithDefault("127.0.0.1")
  String host();

  @WithDefault("7777")
  int port();

  /** Extra Host header values accepted (e.g. "myserver.lan:7777"); DNS-rebinding protection. */
  Optional<List<String>> allowedHosts();
}
