package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;

/**
 * One way of reaching peers (LAN, direct address, hole punch, relay); {@link PeerDialer} tries them
 * in order.
 */
public interface Transport {
  /** Opens a link that has already answered once; fails when this way cannot reach the peer now. */
  Future<PeerLink> open(PeerId peer);

  /** The kind of route this transport makes, so better ones can replace worse ones. */
  Route.Kind kind();
}
