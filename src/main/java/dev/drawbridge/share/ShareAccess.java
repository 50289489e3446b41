package dev.drawbridge.share;

import dev.drawbridge.identity.PeerId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the peer API asks before touching a share. Answers come from memory (safe on an event loop);
 * an ungranted share and a missing one are indistinguishable by design.
 */
public interface ShareAccess {
  /** Shares this peer is granted, sorted by name. */
  List<GrantedShare> sharesFor(PeerId peer);

  /**
   * The named share if this peer is granted it; empty for "not granted" and "no such share" alike.
   */
  Optional<GrantedShare> share(PeerId peer, String name);

  /**
   * Runs {@code listener} after every committed change to shares or grants, once the new answers
   * are in place (the peer API then ends what a revoke or a removed share no longer allows). An
   * immutable snapshot never changes, so by default nothing is registered.
   */
  default void onChange(Runnable listener) {}

  /** Every peer granted at least one share (from memory). */
  default Set<PeerId> grantees() {
    return Set.of();
  }
}
