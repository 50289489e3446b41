package dev.drawbridge.it;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A peer's state across restarts, and its start-up when the database file is broken. */
class PeerStartupIT {
  static Path freshDataDir(String label) throws Exception {
    return Files.createDirectories(
        Path.of("target", "it-peers", label + "-" + UUID.randomUUID(), "data").toAbsolutePath());
  }

  @Test
  void keepsItsIdentityAndSharesAcrossRestarts() throws Exception {
    Path data = freshDataDir("restart");
    Path folder = Files.createDirectories(data.getParent().resolve("shared"));
    String first;
    try (PeerProcess p = PeerProcess.start("restart", data)) {
      p.awaitReady();
      first = p.peerId();
      p.share("keep", folder);
    }
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(data.resolve("identity/peer.key"))));
    // freshDataDir made the dir with the process umask (0755): the peer tightened it.
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    try (var files = Files.list(data)) {
      for (Path db :
          files.filter(f -> f.getFileName().toString().startsWith("drawbridge.db")).toList()) {
        assertEquals(
            "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(db)),
            db.toString());
      }
    }
    assertTrue(
        Files.readString(data.resolve("identity/peer.crt"))
            .startsWith("-----BEGIN CERTIFICATE-----"));
    try (PeerProcess p = PeerProcess.start("restart", data)) {
      p.awaitReady();
      assertEquals(first, p.peerId());
      p.api().get("/api/v1/shares").then().body("[0].name", equalTo("keep"));
      p.api().get("/").then().body(not(containsString("moved aside")));
    }
  }

  @Test
  void startsFreshWhenTheDatabaseIsCorruptAndSaysSo() throws Exception {
    Path data = freshDataDir("corrupt");
    Files.writeString(data.resolve("drawbridge.db"), "not a database ".repeat(500));
    try (PeerProcess p = PeerProcess.start("corrupt", data)) {
      p.awaitReady();
      p.api().get("/").then().statusCode(200).body(containsString("moved aside"));
      p.api()
          .contentType(ContentType.JSON)
          .body("{\"peerId\":\"" + p.peerId() + "\",\"address\":\"127.0.0.1:9\"}")
          .post("/api/v1/contacts")
          .then()
          .statusCode(201);
    }
    try (var files = Files.list(data)) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().startsWith("drawbridge.db.broken-")));
    }
  }
}
