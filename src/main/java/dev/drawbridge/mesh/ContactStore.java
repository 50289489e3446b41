package dev.drawbridge.mesh;

import java.util.List;
import java.util.Optional;

/** Where the owner's contacts are kept (by peer id text); each call is its own transaction. */
public interface ContactStore {
  /** A stored contact; {@code address} is host:port of its mesh listener, or null when unknown. */
  record SavedContact(String peerId, String nickname, String address) {}

  /** Every contact, oldest first. */
  List<SavedContact> all();

  Optional<SavedContact> find(String peerId);

  /** Adds or updates a contact; returns true when it is new. */
  boolean save(String peerId, String address, String nickname);

  boolean remove(String peerId);
}
