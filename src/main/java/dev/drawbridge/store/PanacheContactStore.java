package dev.drawbridge.store;

import dev.drawbridge.mesh.ContactStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Contacts in the peer's SQLite database (table contact). */
@ApplicationScoped
public class PanacheContactStore implements ContactStore {
  @Override
  public List<SavedContact> all() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ContactRecord.<ContactRecord>listAll(Sort.by("addedAt")).stream()
                    .map(PanacheContactStore::saved)
                    .toList());
  }

  @Override
  public Optional<SavedContact> find(String peerId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                Optional.ofNullable(ContactRecord.<ContactRecord>findById(peerId))
                    .map(PanacheContactStore::saved));
  }

  @Override
  public boolean save(String peerId, String address, String nickname) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ContactRecord c = ContactRecord.findById(peerId);
              boolean isNew = c == null;
              if (isNew) {
                c = new ContactRecord();
                c.peerId = peerId;
                c.addedAt = System.currentTimeMillis();
              }
              c.address = address;
              c.nickname = nickname;
              c.persist();
              return isNew;
            });
  }

  @Override
  public boolean remove(String peerId) {
    return QuarkusTransaction.requiringNew().call(() -> ContactRecord.deleteById(peerId));
  }

  private static SavedContact saved(ContactRecord c) {
    return new SavedContact(c.peerId, c.nickname, c.address);
  }
}
