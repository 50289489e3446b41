package dev.drawbridge.mesh;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner's contacts, kept in a {@link ContactStore}, with their address hints cached for dialers
 * on the event loop.
 */
public final class ContactBook implements AddressBook {
  private final Map<PeerId, List<PeerAddress>> hints = new ConcurrentHashMap<>();
  private final ContactStore store;
  private final Set<PeerId> known = ConcurrentHashMap.newKeySet();

  public ContactBook(ContactStore store) {
    this.store = store;
  }

  /** A contact as the owner sees it. */
  public record ContactView(String peerId, String name, String nickname, String address) {
    static ContactView of(ContactStore.SavedContact c) {
      PeerId id = PeerId.parse(c.peerId());
      return new ContactView(c.peerId(), DisplayName.of(id), c.nickname(), c.address());
    }
  }

  public List<ContactView> list() {
    return store.all().stream().map(ContactView::of).toList();
  }

  public Optional<ContactView> find(PeerId peer) {
    return store.find(peer.value()).map(ContactView::of);
  }

  /** Adds or updates a contact; returns true when it is new. */
  public boolean save(PeerId peer, PeerAddress address, String nickname) {
    boolean created =
        store.save(
            peer.value(),
            address == null ? null : address.toString(),
            nickname == null || nickname.isBlank() ? null : nickname.strip());
    cache(peer, address);
    known.add(peer);
    return created;
  }

  public boolean remove(PeerId peer) {
    boolean removed = store.remove(peer.value());
    hints.remove(peer);
    known.remove(peer);
    return removed;
  }

  /** Loads every contact's hint into memory; call once at start. */
  public void load() {
    for (ContactView c : list()) {
      known.add(PeerId.parse(c.peerId()));
      cache(PeerId.parse(c.peerId()), c.address() == null ? null : PeerAddress.parse(c.address()));
    }
  }

  @Override
  public Set<PeerId> contacts() {
    return Collections.unmodifiableSet(known);
  }

  @Override
  public List<PeerAddress> addressesOf(PeerId peer) {
    return hints.getOrDefault(peer, List.of());
  }

  private void cache(PeerId peer, PeerAddress address) {
    if (address == null) {
      hints.remove(peer);
    } else {
      hints.put(peer, List.of(address));
    }
  }
}
