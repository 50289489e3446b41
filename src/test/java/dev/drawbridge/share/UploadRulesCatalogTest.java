package dev.drawbridge.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload rules travel from the store through the grant table to the peer API's view. */
class UploadRulesCatalogTest {
  static final UploadRules STRICT = new UploadRules(true, 1_000, 10_000, 5, 0);

  @TempDir Path dir;
  final PeerId guest = Identity.generate().peerId();

  @Test
  void grantTableCarriesEachRowsRules() {
    PeerId other = Identity.generate().peerId();
    GrantTable table =
        GrantTable.of(
            List.of(
                new GrantTable.Row(guest, "inbox", dir, Access.READ_WRITE, STRICT),
                new GrantTable.Row(other, "docs", dir, Access.READ)));
    assertEquals(STRICT, table.share(guest, "inbox").orElseThrow().rules());
    assertEquals(UploadRules.DEFAULT, table.share(other, "docs").orElseThrow().rules());
  }

  @Test
  void changingRulesReloadsTheTableAndTellsListeners() throws Exception {
    ShareCatalog catalog =
        new ShareCatalog(new MemoryShareStore(), Files.createDirectories(dir.resolve("data")));
    Path folder = Files.createDirectories(dir.resolve("inbox"));
    catalog.add("inbox", folder.toString());
    catalog.grant("inbox", guest, Access.READ_WRITE);
    AtomicInteger changes = new AtomicInteger();
    catalog.onChange(changes::incrementAndGet);
    assertEquals(UploadRules.DEFAULT, catalog.share(guest, "inbox").orElseThrow().rules());

    catalog.setUploadRules("inbox", STRICT);

    assertEquals(STRICT, catalog.share(guest, "inbox").orElseThrow().rules());
    assertEquals(STRICT, catalog.get("inbox").uploadRules());
    assertEquals(1, changes.get());
    ShareException missing =
        assertThrows(ShareException.class, () -> catalog.setUploadRules("nope", STRICT));
    assertEquals(ShareException.Kind.NOT_FOUND, missing.kind());
    assertThrows(ShareException.class, () -> catalog.setUploadRules("inbox", null));
    assertEquals(1, changes.get(), "a refused change tells nobody");
  }
}
