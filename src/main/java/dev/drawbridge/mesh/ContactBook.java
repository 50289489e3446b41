package dev.drawbridge.mesh;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The owner's contacts in SQLite, with their address hints cached for dialers on the event loop. */
@ApplicationScoped
public class ContactBook implements AddressBook {
  private final Map<PeerId, List<PeerAddress>> hints = new ConcurrentHashMap<>();

  /** A contact as the owner sees it. */
  public record ContactView(String peerId, String name, String nickname, String address) {
    static ContactView of(Contact c) {
      PeerId id = PeerId.parse(c.peerId);
      return new ContactView(c.peerId, DisplayName.of(id), c.nickname, c.address);
    }
  }

  public List<ContactView> list() {
    return QuarkusTransaction.requiringNew().call(() ->
        Contact.<Contact>listAll(Sort.by("addedAt")).stream().map(ContactView::of).toList());
  }

  public Optional<ContactView> find(PeerId peer) {
    return QuarkusTransaction.requiringNew().call(() ->
        Optional.ofNullable(Contact.<Contact>findById(peer.value())).map(ContactView::of));
  }

  /** Adds or updates a contact; returns true when it is new. */
  public boolean save(PeerId peer, PeerAddress address, String nickname) {
    boolean created = QuarkusTransaction.requiringNew().call(() -> {
      Contact c = Contact.findById(peer.value());
      boolean isNew = c == null;
      if (isNew) {
        c = new Contact();
        c.peerId = peer.value();
        c.addedAt = System.currentTimeMillis();
      }
      c.address = address == null ? null : address.toString();
      c.nickname = nickname == null || nickname.isBlank() ? null : nickname.strip();
      c.persist();
      return isNew;
    });
    cache(peer, address);
    return created;
  }

  public boolean remove(PeerId peer) {
    boolean removed = QuarkusTransaction.requiringNew().call(() -> Contact.deleteById(peer.value()));
    hints.remove(peer);
    return removed;
  }

  /** Loads every contact's hint into memory; call once at start. */
  public void load() {
    for (ContactView c : list()) {
      cache(PeerId.parse(c.peerId()), c.address() == null ? null : PeerAddress.parse(c.address()));
    }
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
