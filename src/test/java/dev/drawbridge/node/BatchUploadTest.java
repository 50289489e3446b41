package dev.drawbridge.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.SharePath;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Many small files in one request: each verified and placed or refused on its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchUploadTest {
  @TempDir static Path tmp;
  SharingHost mesh;
  PeerNode guest;
  Path inbox;
  final Identity guestId = Identity.generate();
  final Identity reader = Identity.generate();

  @BeforeAll
  void start() throws Exception {
    inbox = Files.createDirectories(tmp.resolve("inbox"));
    mesh = new SharingHost(tmp.resolve("data"));
    mesh.catalog.add("inbox", inbox.toString());
    mesh.catalog.grant("inbox", guestId.peerId(), Access.READ_WRITE);
    mesh.catalog.grant("inbox", reader.peerId(), Access.READ);
    guest = mesh.guest(guestId);
  }

  @AfterAll
  void stop() {
    mesh.close();
  }

  @Test
  void placesEachFileOnItsOwn() throws Exception {
    Files.writeString(inbox.resolve("taken.txt"), "old");
    List<UploadClient.BatchFile> files = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      files.add(
          new UploadClient.BatchFile(
              SharePath.parse("many/" + (i / 100) + "/f" + i + ".txt"),
              Buffer.buffer(("file " + i).repeat(i % 50 + 1))));
    }
    files.add(new UploadClient.BatchFile(SharePath.parse("taken.txt"), Buffer.buffer("new")));
    List<UploadClient.BatchResult> results =
        UploadAcrossPeersTest.await(guest.uploads().sendBatch(mesh.peerId(), "inbox", files));
    assertEquals(files.size(), results.size());
    for (int i = 0; i < 1500; i++) {
      assertEquals(201, results.get(i).status(), results.get(i).toString());
      assertArrayEquals(
          files.get(i).bytes().getBytes(),
          Files.readAllBytes(inbox.resolve(files.get(i).path().toString())));
    }
    UploadClient.BatchResult conflict = results.get(1500);
    assertEquals(409, conflict.status());
    assertEquals("exists", conflict.error());
    assertEquals("old", Files.readString(inbox.resolve("taken.txt")));
  }

  @Test
  void aWrongDigestOrBadPathRefusesOnlyThatFile() throws Exception {
    String good = "{\"path\":\"ok.txt\",\"size\":2,\"sha256\":\"" + hex("ok") + "\"}\nok";
    String bad = "{\"path\":\"bad.txt\",\"size\":3,\"sha256\":\"" + hex("xyz") + "\"}\nabc";
    String hidden =
        "{\"path\":\".drawbridge-uploads/x\",\"size\":1,\"sha256\":\"" + hex("x") + "\"}\nx";
    String up = "{\"path\":\"../x\",\"size\":1,\"sha256\":\"" + hex("x") + "\"}\nx";
    UploadPeer.Answer a =
        new UploadPeer(guest, mesh.peerId())
            .send(
                HttpMethod.POST,
                "/peer/v1/batch-upload/inbox",
                MultiMap.caseInsensitiveMultiMap()
                    .add("Content-Type", "application/x-drawbridge-batch"),
                (good + bad + hidden + up).getBytes(StandardCharsets.UTF_8));
    assertEquals(200, a.status(), a.body());
    assertTrue(a.body().contains("\"status\":201"), a.body());
    assertTrue(
        a.body().contains("\"path\":\"bad.txt\",\"status\":400,\"error\":\"digest_mismatch\""),
        a.body());
    assertTrue(
        a.body().contains("\"path\":\"../x\",\"status\":400,\"error\":\"bad_path\""), a.body());
    assertEquals("ok", Files.readString(inbox.resolve("ok.txt")));
    assertFalse(Files.exists(inbox.resolve("bad.txt")));
  }

  @Test
  void readOnlyIsForbiddenAndOversizedFilesAreRefused() throws Exception {
    PeerNode r = mesh.guest(reader);
    PeerApiException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            PeerApiException.class,
            () ->
                UploadAcrossPeersTest.await(
                    r.uploads()
                        .sendBatch(
                            mesh.peerId(),
                            "inbox",
                            List.of(
                                new UploadClient.BatchFile(
                                    SharePath.parse("r.txt"), Buffer.buffer("r"))))));
    assertEquals(403, e.status());
    PeerApiException big =
        org.junit.jupiter.api.Assertions.assertThrows(
            PeerApiException.class,
            () ->
                UploadAcrossPeersTest.await(
                    guest
                        .uploads()
                        .sendBatch(
                            mesh.peerId(),
                            "inbox",
                            List.of(
                                new UploadClient.BatchFile(
                                    SharePath.parse("big.bin"),
                                    Buffer.buffer(new byte[(1 << 20) + 1]))))));
    assertEquals(413, big.status());
    assertFalse(Files.exists(inbox.resolve("r.txt")));
    assertFalse(Files.exists(inbox.resolve("big.bin")));
  }

  static String hex(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
