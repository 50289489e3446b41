package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;

/** No path to the peer worked; the message is fit for the owner to read. */
public final class PeerUnreachableException extends RuntimeException {
  private final PeerId peer;
  private final boolean nothingTried;

  public PeerUnreachableException(PeerId peer, String reason) {
    this(peer, reason, false);
  }

  private PeerUnreachableException(PeerId peer, String reason, boolean nothingTried) {
    super((peer == null ? "peer" : "peer " + peer.shortForm()) + " unreachable: " + reason);
    this.peer = peer;
    this.nothingTried = nothingTried;
  }

  /** A transport had nothing to try (no address, no relay): less telling than a real failure. */
  public static PeerUnreachableException nothingToTry(PeerId peer, String reason) {
    return new PeerUnreachableException(peer, reason, true);
  }

  public boolean nothingTried() {
    return nothingTried;
  }

  public PeerId peer() {
    return peer;
  }
}
