package dev.drawbridge.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.UploadRules;
import dev.drawbridge.upload.Upload;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the host refuses, with which status, and that a refusal leaves nothing visible and the
 * verified offset where it was: digests, conflicts and replacing, the owner's limits, hidden names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadRefusalsTest {
  @TempDir static Path tmp;
  SharingHost mesh;
  UploadPeer peer;
  final Identity guestId = Identity.generate();

  Path folder(String share) {
    return tmp.resolve("shares").resolve(share);
  }

  @BeforeAll
  void start() throws Exception {
    mesh = new SharingHost(tmp.resolve("data"));
    for (String s : new String[] {"inbox", "replace", "quota", "files", "small", "full"}) {
      Files.createDirectories(folder(s));
      mesh.catalog.add(s, folder(s).toString());
      mesh.catalog.grant(s, guestId.peerId(), Access.READ_WRITE);
    }
    mesh.rules.put("replace", new UploadRules(true, 0, 0, 0, 0));
    mesh.rules.put("quota", new UploadRules(false, 0, 1000, 0, 0));
    mesh.rules.put("files", new UploadRules(false, 0, 0, 2, 0));
    mesh.rules.put("small", new UploadRules(false, 100, 0, 0, 0));
    mesh.rules.put("full", new UploadRules(false, 0, 0, 0, Long.MAX_VALUE / 4));
    peer = new UploadPeer(mesh.guest(guestId), mesh.peerId());
  }

  @AfterAll
  void stop() {
    mesh.close();
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) seed);
    return b;
  }

  void assertNoPartials(String share) throws Exception {
    Path partials = folder(share).resolve(Upload.FOLDER);
    if (Files.exists(partials)) {
      try (Stream<Path> s = Files.list(partials)) {
        assertEquals(
            0,
            s.filter(
                    p -> {
                      try {
                        return Files.size(p) > 0;
                      } catch (Exception e) {
                        return true;
                      }
                    })
                .count(),
            "no partial bytes kept");
      }
    }
  }

  @Test
  void wrongContentDigestOnAPutPlacesNothing() throws Exception {
    UploadPeer.Answer a =
        peer.put("inbox", "bad.txt", bytes(50, 1), UploadPeer.sha256(bytes(50, 2)), null);
    assertEquals(400, a.status());
    assertTrue(a.body().contains("digest_mismatch"), a.body());
    assertFalse(Files.exists(folder("inbox").resolve("bad.txt")));
    assertNoPartials("inbox");
  }

  @Test
  void wrongDigestsOnPartsKeepTheVerifiedOffset() throws Exception {
    byte[] data = new byte[2000];
    new java.util.Random(3).nextBytes(data);
    String loc = peer.create("inbox", "parts.bin", data.length).header("Location");
    byte[] first = Arrays.copyOfRange(data, 0, 1000);
    byte[] second = Arrays.copyOfRange(data, 1000, 2000);
    UploadPeer.Answer wrong = peer.patch(loc, 0, first, UploadPeer.sha256(second), false, null);
    assertEquals(400, wrong.status());
    assertEquals("0", wrong.header("Upload-Offset"));
    assertEquals(0, peer.offset(loc));
    assertEquals(204, peer.patch(loc, 0, first, null, false, null).status());
    assertEquals(1000, peer.offset(loc));
    UploadPeer.Answer badRepr = peer.patch(loc, 1000, second, null, true, UploadPeer.sha256(first));
    assertEquals(400, badRepr.status(), badRepr.body());
    assertTrue(badRepr.body().contains("digest_mismatch"));
    assertEquals(1000, peer.offset(loc), "a wrong Repr-Digest keeps the offset");
    assertFalse(Files.exists(folder("inbox").resolve("parts.bin")), "nothing visible");
    UploadPeer.Answer offBy = peer.patch(loc, 999, second, null, true, null);
    assertEquals(409, offBy.status());
    assertEquals("1000", offBy.header("Upload-Offset"));
    UploadPeer.Answer done = peer.patch(loc, 1000, second, null, true, UploadPeer.sha256(data));
    assertEquals(201, done.status(), done.body());
    assertEquals("sha-256=:" + UploadPeer.sha256(data) + ":", done.header("Repr-Digest"));
    assertArrayEquals(data, Files.readAllBytes(folder("inbox").resolve("parts.bin")));
  }

  @Test
  void anExistingNameIsAConflictAndNeverOverwritten() throws Exception {
    assertEquals(201, peer.put("inbox", "same.txt", bytes(10, 1)).status());
    UploadPeer.Answer again = peer.put("inbox", "same.txt", bytes(10, 2));
    assertEquals(409, again.status());
    assertTrue(again.body().contains("\"exists\""), again.body());
    assertEquals(409, peer.create("inbox", "same.txt", 10).status());
    String etag =
        peer.send(HttpMethod.HEAD, "/peer/v1/shares/inbox/same.txt", null, null).header("ETag");
    assertEquals(
        409,
        peer.put("inbox", "same.txt", bytes(10, 3), null, etag).status(),
        "replace not allowed here");
    assertArrayEquals(bytes(10, 1), Files.readAllBytes(folder("inbox").resolve("same.txt")));
    assertEquals(
        409,
        peer.put("inbox", "same.txt/under.txt", bytes(1, 1)).status(),
        "a file is not a folder");
  }

  @Test
  void replacingNeedsTheCurrentEtagOnAShareThatAllowsIt() throws Exception {
    UploadPeer.Answer first = peer.put("replace", "r.txt", bytes(10, 1));
    assertEquals(201, first.status());
    String etag = first.header("ETag");
    assertEquals(
        etag,
        peer.send(HttpMethod.HEAD, "/peer/v1/shares/replace/r.txt", null, null).header("ETag"));
    assertEquals(409, peer.put("replace", "r.txt", bytes(12, 2)).status(), "no If-Match: conflict");
    UploadPeer.Answer replaced = peer.put("replace", "r.txt", bytes(12, 2), null, etag);
    assertEquals(201, replaced.status(), replaced.body());
    assertArrayEquals(bytes(12, 2), Files.readAllBytes(folder("replace").resolve("r.txt")));
    UploadPeer.Answer stale = peer.put("replace", "r.txt", bytes(14, 3), null, etag);
    assertEquals(412, stale.status());
    assertArrayEquals(bytes(12, 2), Files.readAllBytes(folder("replace").resolve("r.txt")));
  }

  @Test
  void theOwnersLimitsAreClearRefusals() throws Exception {
    assertEquals(201, peer.put("quota", "a.bin", bytes(600, 1)).status());
    UploadPeer.Answer over = peer.put("quota", "b.bin", bytes(600, 1));
    assertEquals(507, over.status());
    assertTrue(over.body().contains("quota_exceeded"), over.body());
    assertEquals(507, peer.create("quota", "c.bin", 600).status(), "checked at create");

    assertEquals(201, peer.put("files", "1.txt", bytes(1, 1)).status());
    assertEquals(201, peer.put("files", "2.txt", bytes(1, 1)).status());
    assertEquals(507, peer.put("files", "3.txt", bytes(1, 1)).status());

    UploadPeer.Answer big = peer.put("small", "big.bin", bytes(101, 1));
    assertEquals(413, big.status());
    assertTrue(big.body().contains("too_large"));
    assertEquals(413, peer.create("small", "big.bin", 101).status());
    assertEquals(201, peer.put("small", "ok.bin", bytes(100, 1)).status());

    UploadPeer.Answer full = peer.put("full", "x.bin", bytes(10, 1));
    assertEquals(507, full.status());
    assertTrue(full.body().contains("insufficient_storage"), full.body());
    for (String s : new String[] {"quota", "files", "small", "full"}) {
      assertNoPartials(s);
    }
    assertFalse(Files.exists(folder("full").resolve("x.bin")));
  }

  @Test
  void hiddenNamesAreRefusedBothWays() throws Exception {
    UploadPeer.Answer a = peer.put("inbox", ".drawbridge-uploads/x", bytes(3, 1));
    assertEquals(400, a.status());
    assertTrue(a.body().contains("bad_path"));
    assertEquals(400, peer.mkcol("inbox", "sub/.drawbridge-x").status());
    String loc = peer.create("inbox", "hidden.bin", 10).header("Location");
    String id = loc.substring(loc.lastIndexOf('/') + 1);
    assertTrue(Files.exists(folder("inbox").resolve(Upload.FOLDER).resolve(id + ".partial")));
    for (String get :
        new String[] {
          "/peer/v1/shares/inbox/" + Upload.FOLDER + "/" + id + ".partial",
          "/peer/v1/shares/inbox/" + Upload.FOLDER + "/",
          "/peer/v1/manifests/inbox/" + Upload.FOLDER + "/" + id + ".partial"
        }) {
      assertEquals(404, peer.send(HttpMethod.GET, get, null, null).status(), get);
    }
    assertEquals(204, peer.send(HttpMethod.DELETE, loc, null, null).status());
  }

  @Test
  void foldersAreMadeWithParentsAndConflictWithFiles() throws Exception {
    assertEquals(201, peer.mkcol("inbox", "new/deep/er").status());
    assertTrue(Files.isDirectory(folder("inbox").resolve("new/deep/er")));
    assertEquals(204, peer.mkcol("inbox", "new/deep").status());
    Files.writeString(folder("inbox").resolve("plain.txt"), "x", StandardCharsets.UTF_8);
    UploadPeer.Answer clash = peer.mkcol("inbox", "plain.txt");
    assertEquals(409, clash.status());
    assertTrue(clash.body().contains("exists"));
    assertEquals(201, peer.put("inbox", "made/by/put/f.txt", bytes(5, 1)).status());
    assertTrue(Files.isRegularFile(folder("inbox").resolve("made/by/put/f.txt")));
  }
}
