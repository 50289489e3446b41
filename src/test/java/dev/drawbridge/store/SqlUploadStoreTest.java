package dev.drawbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.upload.UploadStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Unfinished uploads survive in SQLite with their verified parts, in order; cut and removed. */
@QuarkusTest
class SqlUploadStoreTest {
  @Inject AgroalDataSource db;

  UploadStore.Saved saved(String id) {
    return new UploadStore.Saved(
        id, "peer", "inbox", "/tmp/x", "a/b.bin", 300, null, null, 1, 1, List.of());
  }

  UploadStore.Saved find(UploadStore store, String id) {
    return store.all().stream().filter(u -> u.id().equals(id)).findFirst().orElse(null);
  }

  @Test
  void keepsPartsInOrderAndCutsThemBack() {
    SqlUploadStore store = new SqlUploadStore(db);
    String id = UUID.randomUUID().toString();
    store.create(saved(id));
    store.addPart(id, new UploadStore.Part(0, 100, "AAA="), 5);
    store.addPart(id, new UploadStore.Part(100, 100, "BBB="), 6);
    UploadStore.Saved u = find(store, id);
    assertEquals(200, u.offset());
    assertEquals(6, u.touchedAt());
    assertEquals("a/b.bin", u.path());
    store.truncate(id, 150);
    assertEquals(100, find(store, id).offset());
    store.delete(id);
    assertTrue(find(store, id) == null);
  }
}
