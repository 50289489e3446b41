package dev.drawbridge.web;

import dev.drawbridge.mesh.Relays;
import dev.drawbridge.node.PeerNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * How this peer reaches others right now (relays, LAN discovery): shown by the identity page and
 * the API alike.
 */
@ApplicationScoped
public class NetworkStatus {
  @Inject PeerNode node;

  public record Network(List<Relays.Status> relays, boolean mdns) {}

  Network now() {
    return new Network(node.relays().status(), node.mdnsEnabled());
  }

  /** Replaces the relay list; takes effect at once, no restart. */
  Network useRelays(List<String> relays) {
    node.useRelays(relays);
    return now();
  }

  /** Retries everything now: relay connections, LAN discovery, and every peer's path. */
  Network refresh() {
    node.refreshNetwork();
    return now();
  }
}
