package dev.drawbridge.peerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.MeshServer;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.GrantTable;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4, listing cost: paging a large folder with {@code limit=1} reads and sorts it once
 * per folder version, and a change to the folder is seen on the next page.
 */
class LargeFolderListingTest {
  static final int FILES = 5000;
  final Vertx vertx = Vertx.vertx();
  final Identity host = Identity.generate();
  final Identity reader = Identity.generate();
  @TempDir Path dir;
  MeshServer mesh;
  PeerApi api;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  Response page(String cursor) {
    return MeshClient.as(reader, host.peerId(), mesh.actualPort())
        .get("/peer/v1/shares/big/?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
  }

  @Test
  void limitOnePagesOfALargeFolderSortItOnceAndSeeItsChanges() throws Exception {
    for (int i = 0; i < FILES; i++) {
      Files.createFile(dir.resolve(String.format("f%05d", (i * 7919) % FILES)));
    }
    GrantTable grants =
        GrantTable.of(List.of(new GrantTable.Row(reader.peerId(), "big", dir, Access.READ)));
    api = new PeerApi(vertx, host, grants);
    mesh = new MeshServer(vertx, host, "127.0.0.1", 0, api);
    mesh.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

    List<String> names = new ArrayList<>();
    String cursor = null;
    for (int i = 0; i < 20; i++) {
      Response r = page(cursor);
      assertEquals(200, r.statusCode());
      names.add(r.path("entries[0].name"));
      cursor = r.path("next");
    }
    assertEquals(String.format("f%05d", 0), names.get(0));
    assertEquals(String.format("f%05d", 19), names.get(19));
    assertEquals(1, api.listingCache().sorts(), "20 pages, one read and sort of the folder");

    Files.createFile(dir.resolve("f00019a"));
    Response r = page(cursor);
    assertEquals("f00019a", r.path("entries[0].name"), "a new entry shows on the next page");
    assertEquals(2, api.listingCache().sorts());
  }
}
