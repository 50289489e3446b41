package dev.drawbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.upload.Arrival;
import dev.drawbridge.upload.ArrivalLog;
import dev.drawbridge.upload.ArrivalLog.Usage;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Arrivals in SQLite: usage totals per share, bounded rows, and trimming never frees quota. */
@QuarkusTest
class SqlArrivalLogTest {
  static final String HASH = "ab".repeat(32);

  @Inject AgroalDataSource db;

  final String share = "s-" + UUID.randomUUID();
  final String other = "o-" + UUID.randomUUID();

  static Arrival arrival(String share, String path, long bytes, long at) {
    return new Arrival(share, path, "PEER", bytes, HASH, false, at);
  }

  long rows() throws Exception {
    try (Connection c = db.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM arrival")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void usageCountsEachShareSeparately() {
    SqlArrivalLog log = new SqlArrivalLog(db);
    assertEquals(new Usage(0, 0), log.usage(share));
    log.arrived(arrival(share, "a", 100, 1));
    log.arrived(arrival(share, "b", 250, 2));
    log.arrived(arrival(other, "c", 7, 3));
    log.arrived(new Arrival(null, "offered.bin", "PEER", 1_000, HASH, false, 4)); // a push offer

    assertEquals(new Usage(350, 2), log.usage(share));
    assertEquals(new Usage(7, 1), log.usage(other));
    assertEquals(List.of("b", "a"), log.recent(share, 10).stream().map(Arrival::path).toList());
    Arrival back = log.recent(other, 1).get(0);
    assertEquals(arrival(other, "c", 7, 3), back);
  }

  @Test
  void trimmingTheOldestRowsKeepsUsage() throws Exception {
    SqlArrivalLog log = new SqlArrivalLog(db, 5);
    for (int i = 0; i < 12; i++) {
      log.arrived(arrival(share, "f" + i, 1_000, 1_000 + i));
    }
    assertEquals(5, rows(), "at most maxRows rows, whoever else wrote arrivals");
    assertEquals(
        List.of("f11", "f10", "f9", "f8", "f7"),
        log.recent(share, 100).stream().map(Arrival::path).toList());
    assertEquals(new Usage(12_000, 12), log.usage(share), "trimmed arrivals still count");
  }

  @Test
  void aBatchIsRecordedTrimmedAndCountedLikeSingleArrivals() throws Exception {
    SqlArrivalLog log = new SqlArrivalLog(db, 4);
    log.arrivedAll(
        List.of(
            arrival(share, "1", 10, 7),
            arrival(share, "2", 20, 7),
            arrival(other, "3", 5, 7),
            arrival(share, "4", 30, 7),
            arrival(share, "5", 40, 7),
            arrival(share, "6", 50, 7)));
    assertEquals(4, rows());
    assertEquals(new Usage(150, 5), log.usage(share));
    assertEquals(new Usage(5, 1), log.usage(other));
    assertEquals(
        List.of("6", "5", "4"), log.recent(share, 10).stream().map(Arrival::path).toList());
  }

  @Test
  void pagesThroughArrivalsOfOneMillisecondWithoutSkipping() {
    SqlArrivalLog log = new SqlArrivalLog(db);
    for (int i = 0; i < 5; i++) {
      log.arrived(arrival(share, "batch" + i, 1, 42));
    }
    ArrivalLog.Page first = log.page(share, null, 2);
    ArrivalLog.Page second = log.page(share, first.next(), 2);
    ArrivalLog.Page third = log.page(share, second.next(), 2);
    assertEquals(
        List.of("batch4", "batch3", "batch2", "batch1", "batch0"),
        java.util.stream.Stream.of(first, second, third)
            .flatMap(p -> p.arrivals().stream())
            .map(Arrival::path)
            .toList());
    assertNull(third.next());
    assertThrows(IllegalArgumentException.class, () -> log.page(share, "42; DROP TABLE", 2));
  }
}
