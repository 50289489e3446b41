package dev.drawbridge.relay;

import dev.drawbridge.identity.PeerId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which peers are online: one control session per PeerId. A newer session for the same key replaces
 * the older one (the peer restarted or moved networks and the old TCP connection has not timed out
 * yet); the older one is closed.
 */
final class PeerDirectory {

  private final ConcurrentHashMap<PeerId, ControlSession> online = new ConcurrentHashMap<>();

  /** Registers a session and returns the one it replaced, if any (the caller closes it). */
  ControlSession register(ControlSession session) {
    return online.put(session.peer(), session);
  }

  /** Removes the session only if it is still the registered one (not its replacement). */
  void unregister(ControlSession session) {
    online.remove(session.peer(), session);
  }

  ControlSession find(PeerId peer) {
    return online.get(peer);
  }

  int size() {
    return online.size();
  }

  void closeAll() {
    online.values().forEach(ControlSession::close);
  }
}
