package dev.drawbridge.it;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real peers, each its own process, data dir, ports and TLS identity. A shares a folder with
 * B only; C is a stranger. Everything B sees of A travels A's mesh listener → B's peer → B's API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoPeersIT {
  static final byte[] REPORT = new byte[5 * 1024 * 1024 + 17];
  PeerProcess a;
  PeerProcess b;
  PeerProcess c;
  @TempDir static Path folders;

  @BeforeAll
  void startThreePeers() throws Exception {
    new Random(42).nextBytes(REPORT);
    a = PeerProcess.start("a");
    b = PeerProcess.start("b");
    c = PeerProcess.start("c");
    a.awaitReady();
    b.awaitReady();
    c.awaitReady();

    Path pub = Files.createDirectories(folders.resolve("pub"));
    Files.write(pub.resolve("report.bin"), REPORT);
    Files.createDirectories(pub.resolve("docs"));
    Files.writeString(pub.resolve("docs/notes one.txt"), "meeting notes");
    a.share("pub", pub);
    a.grant("pub", b, "READ");
    b.addContact(a.peerId(), a.meshAddress());
    c.addContact(a.peerId(), a.meshAddress());
  }

  @AfterAll
  void stopPeers() throws Exception {
    for (PeerProcess p : new PeerProcess[] {a, b, c}) {
      if (p != null) {
        p.close();
      }
    }
  }

  String remote(PeerProcess owner) {
    return "/api/v1/contacts/" + owner.peerId() + "/shares";
  }

  @Test
  void guestListsAndDownloadsThroughItsOwnPeer() throws Exception {
    b.api()
        .get(remote(a))
        .then()
        .statusCode(200)
        .body("name", contains("pub"))
        .body("access", contains("READ"));
    b.api()
        .get(remote(a) + "/pub/")
        .then()
        .statusCode(200)
        .body("entries.name", contains("docs", "report.bin"))
        .body("entries[1].size", equalTo(REPORT.length));
    b.api()
        .get(remote(a) + "/pub/docs/")
        .then()
        .statusCode(200)
        .body("entries.name", contains("notes one.txt"));

    Response file = b.api().get(remote(a) + "/pub/report.bin");
    file.then()
        .statusCode(200)
        .header("Content-Length", String.valueOf(REPORT.length))
        .header("Content-Disposition", containsString("attachment"))
        .header("Content-Security-Policy", containsString("sandbox"));
    assertEquals(sha256(REPORT), sha256(file.asByteArray()));

    Response part =
        b.api().header("Range", "bytes=1000000-1999999").get(remote(a) + "/pub/report.bin");
    part.then().statusCode(206).header("Content-Range", "bytes 1000000-1999999/" + REPORT.length);
    assertArrayEquals(Arrays.copyOfRange(REPORT, 1_000_000, 2_000_000), part.asByteArray());

    assertEquals("meeting notes", b.api().get(remote(a) + "/pub/docs/notes%20one.txt").asString());
    b.api()
        .get("/api/v1/contacts/" + a.peerId() + "/status")
        .then()
        .body("reachable", equalTo(true));
  }

  @Test
  void strangerSeesNothingAndLearnsNothing() {
    c.api().get(remote(a)).then().statusCode(200).body("$", hasSize(0));
    String missing =
        c.api().get(remote(a) + "/no-such-share/").then().statusCode(404).extract().asString();
    for (String path :
        new String[] {"/pub/", "/pub/report.bin", "/pub/docs/", "/pub/docs/notes%20one.txt"}) {
      Response r = c.api().get(remote(a) + path);
      r.then().statusCode(404);
      assertEquals(missing, r.asString(), "same answer for a granted-to-others path: " + path);
    }
  }

  @Test
  void revokingAGrantClosesTheShareAtOnce() throws Exception {
    Path temp = Files.createDirectories(folders.resolve("temp"));
    Files.writeString(temp.resolve("x.txt"), "x");
    a.share("temp", temp);
    a.grant("temp", b, "READ");
    b.api().get(remote(a) + "/temp/x.txt").then().statusCode(200).body(equalTo("x"));

    a.revoke("temp", b);

    b.api().get(remote(a) + "/temp/x.txt").then().statusCode(404);
    b.api().get(remote(a) + "/temp/").then().statusCode(404);
    b.api().get(remote(a)).then().body("name", contains("pub"));
  }

  @Test
  void aPeerAnsweringWithTheWrongKeyIsRefused() {
    // B believes A lives at C's address: C's certificate carries C's key, so the handshake fails.
    b.addContact(a.peerId(), c.meshAddress());
    try {
      b.api()
          .get(remote(a))
          .then()
          .statusCode(502)
          .body("message", containsString("key does not match"));
      b.api().get(remote(a) + "/pub/report.bin").then().statusCode(502);
    } finally {
      b.addContact(a.peerId(), a.meshAddress());
    }
    b.api().get(remote(a)).then().statusCode(200).body("name", contains("pub"));
  }

  @Test
  void aBrowserDownloadIsAbortedWhenTheBytesContradictTheHostsManifest() throws Exception {
    byte[] content = new byte[3 * 1024 * 1024];
    new Random(9).nextBytes(content);
    Path file = folders.resolve("pub/checked.bin");
    Files.write(file, content);
    Response first = b.api().get(remote(a) + "/pub/checked.bin");
    first
        .then()
        .statusCode(200)
        .header(
            "Repr-Digest",
            "sha-256=:"
                + java.util.Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(content))
                + ":");
    assertArrayEquals(content, first.asByteArray());

    // Rot on the host's disk: same size, same mtime, same inode, different bytes in chunk 2.
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(2 * 1024 * 1024 + 5);
      raf.write(content[2 * 1024 * 1024 + 5] ^ 0x40);
    }
    Files.setLastModifiedTime(file, mtime);

    org.junit.jupiter.api.Assertions.assertThrows(
        Exception.class,
        () -> {
          byte[] got = b.api().get(remote(a) + "/pub/checked.bin").asByteArray();
          assertEquals(content.length, got.length, "the download must not complete");
        });
    Response head = b.api().header("Range", "bytes=0-1048575").get(remote(a) + "/pub/checked.bin");
    head.then().statusCode(206);
    assertArrayEquals(
        Arrays.copyOf(content, 1024 * 1024), head.asByteArray(), "untouched chunks still pass");
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
