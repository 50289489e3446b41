package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import java.util.List;
import java.util.Set;

/** Where a peer might be found. Dialers ask it; it never decides whether a peer is trusted. */
public interface AddressBook {
  /** Known direct address hints, best first; empty when none is known. */
  List<PeerAddress> addressesOf(PeerId peer);

  /** The owner's contacts (from memory): with the grantees, who may see us at our relays. */
  default Set<PeerId> contacts() {
    return Set.of();
  }
}
