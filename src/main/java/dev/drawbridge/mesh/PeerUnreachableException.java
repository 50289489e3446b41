package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;

/** No path to the peer worked; the message is fit for the owner to read. */
public final class PeerUnreachableException extends RuntimeException {
  private final PeerId peer;

  public PeerUnreachableException(PeerId peer, String reason) {
    super((peer == null ? "peer" : "peer " + peer.shortForm()) + " unreachable: " + reason);
    this.peer = peer;
  }

  public PeerId peer() {
    return peer;
  }
}
