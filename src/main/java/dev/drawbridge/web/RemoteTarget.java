package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;

/**
 * A place in a contact's share named by a local API path, {@code
 * /api/v1/contacts/{peerId}/shares/{share}/{path}}: each part validated by the same rules the host
 * applies ({@link SharePath}), so nothing we could not name is ever sent on.
 */
record RemoteTarget(PeerId peer, String share, SharePath path) {
  /**
   * A bad PeerId is an IllegalArgumentException (400 bad_peer_id), a bad name a BadPathException.
   */
  static RemoteTarget parse(String requestPath) throws BadPathException {
    String tail = requestPath.substring(RemoteProxy.PREFIX.length());
    int slash = tail.indexOf('/');
    PeerId peer = PeerId.parse(tail.substring(0, slash));
    String rest = tail.substring(slash + "/shares/".length());
    int s = rest.indexOf('/');
    SharePath share = SharePath.parseEncoded(s < 0 ? rest : rest.substring(0, s));
    if (share.segments().size() != 1) {
      throw new BadPathException("bad share name");
    }
    SharePath path = SharePath.parseEncoded(s < 0 ? "" : rest.substring(s + 1));
    return new RemoteTarget(peer, share.name(), path);
  }

  RemoteTarget at(SharePath other) {
    return new RemoteTarget(peer, share, other);
  }

  /** This place as the owner's API names it (what a Location header points at). */
  String localUri() {
    try {
      return RemoteProxy.PREFIX
          + peer.value()
          + "/shares/"
          + SharePath.ROOT.child(share).encoded()
          + "/"
          + path.encoded();
    } catch (BadPathException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The place the host reports in its Location ({@code /peer/v1/shares/{share}/{path}}), or this
   * one when the host named none we can read.
   */
  RemoteTarget placedAt(String hostLocation) {
    String prefix = "/peer/v1/shares/";
    if (hostLocation == null || !hostLocation.startsWith(prefix)) {
      return this;
    }
    String rest = hostLocation.substring(prefix.length());
    int s = rest.indexOf('/');
    try {
      return s < 0 ? this : at(SharePath.parseEncoded(rest.substring(s + 1)));
    } catch (BadPathException e) {
      return this;
    }
  }
}
