package dev.drawbridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Opens (and migrates) the database file, following Libdrop's rule that the peer must start no
 * matter what state the file is in:
 *
 * <ol>
 *   <li>open the file, check it ({@code PRAGMA quick_check}) and migrate it;
 *   <li>if that fails, move the file (and its -wal/-shm) aside as {@code
 *       drawbridge.db.broken-<time>} and start a fresh file;
 *   <li>if even that fails (unwritable folder, full disk), run on an in-memory database for this
 *       run.
 * </ol>
 */
public final class DatabaseBootstrap {
  private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);

  /**
   * IMMEDIATE: a transaction takes the write lock when it begins and so waits (busy_timeout) for
   * another writer; a deferred one that read first and then writes gets SQLITE_BUSY at once,
   * without waiting, when someone else wrote in between (seen as a 500 while job history was being
   * saved).
   */
  private static final String FILE_PARAMS =
      "?journal_mode=WAL&busy_timeout=5000&foreign_keys=on&transaction_mode=IMMEDIATE";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** How the database was opened; shown in the owner UI when it is not {@link Mode#FILE}. */
  public enum Mode {
    FILE,
    RECOVERED,
    IN_MEMORY
  }

  public record Outcome(Mode mode, String jdbcUrl, String message) {}

  private static volatile Outcome current;
  // An in-memory SQLite database lives as long as one connection to it is open.
  private static Connection inMemoryKeeper;

  private DatabaseBootstrap() {}

  /** The outcome of the first {@link #open}, or null before the database was touched. */
  public static Outcome outcome() {
    return current;
  }

  /** Opens the database once per JVM; later calls for the same file return the first outcome. */
  public static synchronized Outcome open(Path dbFile) {
    if (current == null) {
      current = openFresh(dbFile);
    }
    return current;
  }

  /** Opens without memoising: for tests and tools that open several databases. */
  public static Outcome openFresh(Path dbFile) {
    String url = "jdbc:sqlite:" + dbFile.toAbsolutePath() + FILE_PARAMS;
    try {
      prepare(dbFile, url);
      return new Outcome(Mode.FILE, url, "database " + dbFile.getFileName() + " ready");
    } catch (Exception first) {
      LOG.warnf("Database %s unusable (%s); moving it aside", dbFile, reason(first));
      try {
        Path aside = moveAside(dbFile);
        prepare(dbFile, url);
        String msg =
            "The database could not be opened ("
                + reason(first)
                + "). It was moved aside as "
                + aside.getFileName()
                + " and a fresh one was started.";
        LOG.warn(msg);
        return new Outcome(Mode.RECOVERED, url, msg);
      } catch (Exception second) {
        return inMemory(second);
      }
    }
  }

  private static void prepare(Path dbFile, String url) throws IOException, SQLException {
    OwnerOnly.databaseFiles(dbFile);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
        String verdict = rs.next() ? rs.getString(1) : "no answer";
        if (!"ok".equalsIgnoreCase(verdict)) {
          throw new SQLException("integrity check failed: " + verdict);
        }
      }
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
          throw new SQLException("could not switch to WAL mode");
        }
      }
    }
    migrate(url);
    OwnerOnly.databaseFiles(dbFile); // -wal/-shm a previous run left too open
  }

  private static void migrate(String url) {
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  private static Path moveAside(Path dbFile) throws IOException {
    String stamp = STAMP.format(Instant.now());
    Path aside = dbFile.resolveSibling(dbFile.getFileName() + ".broken-" + stamp);
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Path f = dbFile.resolveSibling(dbFile.getFileName() + suffix);
      if (Files.exists(f)) {
        Files.move(
            f, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return aside;
  }

  private static synchronized Outcome inMemory(Exception cause) {
    String url =
        "jdbc:sqlite:file:drawbridge-"
            + UUID.randomUUID()
            + "?mode=memory&cache=shared&foreign_keys=on";
    try {
      Connection keeper = DriverManager.getConnection(url);
      migrate(url);
      inMemoryKeeper = keeper;
    } catch (SQLException | RuntimeException e) {
      // Nothing else to fall back to; the caller's first query will report it.
      LOG.error("Even the in-memory database failed", e);
    }
    String msg =
        "The database file cannot be used ("
            + reason(cause)
            + "). Running on an in-memory "
            + "database: shares, grants and contacts made now are lost when the peer stops.";
    LOG.error(msg);
    return new Outcome(Mode.IN_MEMORY, url, msg);
  }

  private static String reason(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
