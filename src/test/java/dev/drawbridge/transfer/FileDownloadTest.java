package dev.drawbridge.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.transfer.FileDownload.Options;
import dev.drawbridge.transfer.FileDownload.Verified;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One download from start to verified partial file, and every way a chunk can go wrong on the way.
 */
class FileDownloadTest extends DownloadFixture {
  final Recorder listener = new Recorder();
  final MemoryLedger ledger = new MemoryLedger();

  FileDownload download(LocalFileSource source, Options options) {
    return new FileDownload(vertx, source, partial(), ledger, options, listener);
  }

  @Test
  void downloadsAMultiChunkFileVerifiedWithAFewProgressEventsAndAFinalOne() throws Exception {
    Path host = hostFile("big.bin", 7 * MIB + MIB / 2, 1);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    long started = System.nanoTime();

    Verified verified = result(download(source, Options.defaults()).start());

    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals(partial(), verified.partialFile());
    assertEquals(8, verified.manifest().chunkCount());
    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(8, ledger.count());
    for (int chunk = 0; chunk < 8; chunk++) {
      assertEquals(1, source.reads(chunk), "chunk " + chunk + " read once");
    }
    assertTrue(
        source.maxConcurrentReads() <= Options.defaults().chunksInFlight(),
        "at most chunksInFlight reads at once");
    assertArrayEquals(new long[] {host.toFile().length(), host.toFile().length()}, listener.last());
    // One event at once, at most 4 per second after, one trailing, one final.
    assertTrue(
        listener.progress.size() <= 3 + 4 * seconds,
        listener.progress.size() + " events in " + seconds + " s");
    assertTrue(listener.rejectedChunks.isEmpty());
  }

  @ParameterizedTest(name = "{0} bytes in 64 KiB chunks")
  @ValueSource(ints = {1, 65_535, 65_536, 65_537, 3 * 65_536, 200_000})
  void downloadsFilesEndingAnywhereInAChunk(int size) throws Exception {
    Path host = hostFile("edge.bin", size, size);
    LocalFileSource source = new LocalFileSource(vertx, host, 65_536);

    result(download(source, new Options(2, 5)).start());

    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(size, listener.last()[0]);
  }

  @Test
  void downloadsAnEmptyFile() throws Exception {
    Path host = hostFile("empty", 0, 0);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);

    Verified verified = result(download(source, Options.defaults()).start());

    assertEquals(0, Files.size(verified.partialFile()));
    assertEquals(0, source.totalReads());
    assertArrayEquals(new long[] {0, 0}, listener.last());
  }

  @Test
  void refetchesAChunkCorruptedInTransitAndReportsIt() throws Exception {
    Path host = hostFile("flaky.bin", 4 * MIB, 2);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    source.corrupt(2, 2);

    result(download(source, Options.defaults()).start());

    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(3, source.reads(2), "two corrupted copies, then a good one");
    assertEquals(1, source.reads(1));
    assertEquals(java.util.List.of(2, 2), listener.rejectedChunks);
    assertTrue(listener.reasons.get(0).contains("SHA-256"), listener.reasons.get(0));
  }

  @Test
  void failsClearlyWhenAChunkIsCorruptedEveryTime() throws Exception {
    Path host = hostFile("bad.bin", 4 * MIB, 3);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    source.corrupt(1, 1000);

    Throwable failure = failure(download(source, new Options(4, 3)).start());

    assertInstanceOf(TransferFailedException.class, failure);
    assertTrue(
        failure.getMessage().startsWith("chunk 1 failed verification 3 times"),
        failure.getMessage());
    assertEquals(3, source.reads(1));
    assertEquals(3, Collections.frequency(listener.rejectedChunks, 1));
    assertTrue(ledger.count() <= 3 && !ledger.verified().get(1), "the bad chunk is never recorded");
  }

  @Test
  void retriesTransientReadErrorsWithBackoff() throws Exception {
    Path host = hostFile("net.bin", 3 * MIB, 4);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    source.failTransiently(1, 2);
    long started = System.nanoTime();

    result(download(source, Options.defaults()).start());

    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(3, source.reads(1));
    assertTrue(
        System.nanoTime() - started >= 1_400_000_000L, "waited 0.5 s, then 1 s, before retrying");
  }

  @Test
  void failsSayingWhatHappenedWhenReadsKeepFailing() throws Exception {
    Path host = hostFile("down.bin", 3 * MIB, 5);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    source.failTransiently(0, 1000);

    Throwable failure = failure(download(source, new Options(4, 2)).start());

    assertInstanceOf(TransferFailedException.class, failure);
    assertEquals(
        "chunk 0 could not be read after 2 attempts: connection reset by peer (simulated)",
        failure.getMessage());
    assertEquals(2, ledger.count(), "the chunks that did arrive are kept for the retry");
    assertTrue(Files.exists(partial()), "a failure keeps the partial file; only cancel deletes it");
  }

  @Test
  void failsWithFileChangedExceptionWhenTheHostFileChangesMidTransfer() throws Exception {
    Path host = hostFile("doc.bin", 6 * MIB, 6);
    LocalFileSource source = new LocalFileSource(vertx, host, MIB);
    byte[] edited = new byte[6 * MIB];
    new Random(7).nextBytes(edited);
    source.changeAtRead(3, edited);

    Throwable failure = failure(download(source, new Options(1, 5)).start());

    assertInstanceOf(FileChangedException.class, failure);
    assertEquals(2, ledger.count(), "chunks of the old version stay recorded under the old etag");
  }
}
