package dev.drawbridge.transfer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.transfer.FileDownload.Options;
import io.vertx.core.Future;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Stopping and going on: crashes, pause, cancel, and partial files that cannot be trusted. */
class FileDownloadResumeTest extends DownloadFixture {
  static final int CHUNKS = 8;

  final Recorder listener = new Recorder();

  /**
   * Runs a download until the link dies after half the chunks, and returns the ledger as a
   * restarted process would read it; the abandoned download never hears back, as after kill -9.
   */
  MemoryLedger crashHalfway(Path host) throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    source.silentAfter(CHUNKS / 2);
    new FileDownload(vertx, source, partial(), ledger, Options.defaults(), listener).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count() == CHUNKS / 2);
    return ledger.copy();
  }

  @Test
  void resumesAfterACrashReadingOnlyTheMissingChunks() throws Exception {
    Path host = hostFile("movie.bin", CHUNKS * MIB, 10);
    MemoryLedger afterRestart = crashHalfway(host);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);

    result(
        new FileDownload(vertx, source, partial(), afterRestart, Options.defaults(), listener)
            .start());

    for (int chunk = 0; chunk < CHUNKS; chunk++) {
      assertEquals(chunk < CHUNKS / 2 ? 0 : 1, source.reads(chunk), "reads of chunk " + chunk);
    }
    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(CHUNKS, afterRestart.count());
  }

  @Test
  void repairsAVerifiedChunkThatWasDamagedOnDiskAfterTheCrash() throws Exception {
    Path host = hostFile("photo.bin", CHUNKS * MIB, 11);
    MemoryLedger afterRestart = crashHalfway(host);
    try (RandomAccessFile disk = new RandomAccessFile(partial().toFile(), "rw")) {
      disk.seek(MIB + 12_345); // inside chunk 1, which the ledger calls verified
      disk.write(0x5A);
    }
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);

    result(
        new FileDownload(vertx, source, partial(), afterRestart, Options.defaults(), listener)
            .start());

    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(1, source.reads(1), "the damaged chunk is fetched again");
    assertEquals(0, source.reads(0), "the intact ones are not");
    assertTrue(listener.rejectedChunks.contains(1));
  }

  @Test
  void startsOverWhenTheLedgerBelongsToAnotherVersion() throws Exception {
    Path host = hostFile("report.bin", 3 * MIB, 12);
    Files.createDirectories(partial().getParent());
    Files.write(partial(), new byte[3 * MIB]); // right size, wrong bytes
    BitSet all = new BitSet();
    all.set(0, 3);
    MemoryLedger ledger = new MemoryLedger("an-older-version", all);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);

    result(
        new FileDownload(vertx, source, partial(), ledger, Options.defaults(), listener).start());

    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(3, source.totalReads(), "every chunk fetched again");
    assertEquals(result(source.manifest()).etag(), ledger.etag());
  }

  @Test
  void startsOverWhenThePartialFileIsGone() throws Exception {
    Path host = hostFile("gone.bin", CHUNKS * MIB, 13);
    MemoryLedger afterRestart = crashHalfway(host);
    Files.delete(partial());
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);

    result(
        new FileDownload(vertx, source, partial(), afterRestart, Options.defaults(), listener)
            .start());

    assertEquals(CHUNKS, source.totalReads());
    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
  }

  @Test
  void pauseStopsNewReadsAndResumeFinishes() throws Exception {
    Path host = hostFile("paused.bin", CHUNKS * MIB, 14);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    MemoryLedger ledger = new MemoryLedger();
    source.hold();
    FileDownload download =
        new FileDownload(vertx, source, partial(), ledger, new Options(2, 5), listener);
    Future<FileDownload.Verified> done = download.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> source.totalReads() == 2);

    download.pause();
    source.release();

    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count() == 2);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> source.totalReads() == 2);
    assertFalse(done.isComplete());

    download.resume();
    result(done);
    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(CHUNKS, source.totalReads());
  }

  @Test
  void cancelDeletesThePartialFileAndForgetsItsChunks() throws Exception {
    Path host = hostFile("unwanted.bin", CHUNKS * MIB, 15);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    MemoryLedger ledger = new MemoryLedger();
    source.silentAfter(2);
    FileDownload download =
        new FileDownload(vertx, source, partial(), ledger, Options.defaults(), listener);
    Future<FileDownload.Verified> done = download.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count() == 2);

    download.cancel();

    assertInstanceOf(CancellationException.class, failure(done));
    assertFalse(Files.exists(partial()));
    assertEquals(0, ledger.count());
  }
}
