package dev.drawbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseBootstrapTest {
  @TempDir Path dir;

  @Test
  void opensAndMigratesANewFileInWalMode() throws Exception {
    DatabaseBootstrap.Outcome o = DatabaseBootstrap.openFresh(dir.resolve("drawbridge.db"));
    assertEquals(DatabaseBootstrap.Mode.FILE, o.mode());
    try (Connection c = DriverManager.getConnection(o.jdbcUrl());
        Statement s = c.createStatement()) {
      assertEquals("wal", scalar(s, "PRAGMA journal_mode"));
      assertEquals("0", scalar(s, "SELECT count(*) FROM share"));
    }
  }

  @Test
  void createsTheDataDirOwnerOnlyAndTheDatabaseFilesOwnerOnly() throws Exception {
    Path data = dir.resolve("fresh-data"); // its parent exists, it does not
    DatabaseBootstrap.Outcome o = DatabaseBootstrap.openFresh(data.resolve("drawbridge.db"));
    assertEquals(DatabaseBootstrap.Mode.FILE, o.mode());
    try (Connection c = DriverManager.getConnection(o.jdbcUrl());
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO share(name, folder, created_at) VALUES ('pub', '/srv/pub', 1)");
      assertEquals("rwx------", mode(data));
      for (String f : new String[] {"drawbridge.db", "drawbridge.db-wal", "drawbridge.db-shm"}) {
        assertTrue(Files.exists(data.resolve(f)), f);
        assertEquals("rw-------", mode(data.resolve(f)), f);
      }
    }
  }

  @Test
  void tightensAnExistingDataDirAndDatabaseThatAreTooOpen() throws Exception {
    Path data = Files.createDirectories(dir.resolve("old-data"));
    Path db = data.resolve("drawbridge.db");
    DatabaseBootstrap.openFresh(db);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

    DatabaseBootstrap.Outcome again = DatabaseBootstrap.openFresh(db);

    assertEquals(DatabaseBootstrap.Mode.FILE, again.mode());
    assertEquals("rwx------", mode(data));
    assertEquals("rw-------", mode(db));
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void keepsDataAcrossReopens() throws Exception {
    Path db = dir.resolve("drawbridge.db");
    try (Connection c = DriverManager.getConnection(DatabaseBootstrap.openFresh(db).jdbcUrl());
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO share(name, folder, created_at) VALUES ('pub', '/srv/pub', 1)");
    }
    DatabaseBootstrap.Outcome again = DatabaseBootstrap.openFresh(db);
    assertEquals(DatabaseBootstrap.Mode.FILE, again.mode());
    try (Connection c = DriverManager.getConnection(again.jdbcUrl());
        Statement s = c.createStatement()) {
      assertEquals("pub", scalar(s, "SELECT name FROM share"));
    }
  }

  @Test
  void movesACorruptFileAsideAndStartsFresh() throws Exception {
    Path db = dir.resolve("drawbridge.db");
    byte[] garbage = "this is not a database, just some bytes...".repeat(200).getBytes();
    Files.write(db, garbage);

    DatabaseBootstrap.Outcome o = DatabaseBootstrap.openFresh(db);

    assertEquals(DatabaseBootstrap.Mode.RECOVERED, o.mode());
    assertTrue(o.message().contains("moved aside"), o.message());
    try (var files = Files.list(dir)) {
      Path aside =
          files
              .filter(p -> p.getFileName().toString().startsWith("drawbridge.db.broken-"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          java.util.Arrays.equals(garbage, Files.readAllBytes(aside)),
          "the broken file is kept intact");
    }
    try (Connection c = DriverManager.getConnection(o.jdbcUrl());
        Statement s = c.createStatement()) {
      assertEquals("0", scalar(s, "SELECT count(*) FROM contact"));
    }
  }

  @Test
  void fallsBackToMemoryWhenNoFileCanBeOpened() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    DatabaseBootstrap.Outcome o = DatabaseBootstrap.openFresh(notADir.resolve("drawbridge.db"));

    assertEquals(DatabaseBootstrap.Mode.IN_MEMORY, o.mode());
    assertTrue(o.message().contains("in-memory"), o.message());
    try (Connection c = DriverManager.getConnection(o.jdbcUrl());
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO contact(peer_id, added_at) VALUES ('X', 1)");
      assertEquals("1", scalar(s, "SELECT count(*) FROM contact"));
    }
  }

  private static String scalar(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
