package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;

/**
 * Opens an authenticated channel to a peer by PeerId. Implementations must refuse any path whose
 * TLS certificate does not carry exactly that PeerId's key (no trust on first use).
 */
public interface Dialer {
  Future<PeerLink> dial(PeerId peer);

  /** Forgets cached channels to this peer (its address changed, or it was removed). */
  void forget(PeerId peer);
}
