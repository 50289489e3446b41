package dev.drawbridge.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.transfer.FileDownload.Options;
import dev.drawbridge.transfer.FileDownload.Verified;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Dedup: a chunk whose bytes are already on this computer (same SHA-256) is copied, not fetched; a
 * local copy is never trusted without hashing it, and never reached through a symlink.
 */
class FileDownloadDedupTest extends DownloadFixture {
  static final int CHUNK = 64 << 10;
  final Recorder listener = new Recorder();

  static byte[] block(long seed) {
    byte[] b = new byte[CHUNK];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A host file made of the given blocks, one per chunk. */
  Path hostFileOf(String name, byte[]... blocks) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] b : blocks) {
      content.write(b);
    }
    Path file = dir.resolve("host").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, content.toByteArray());
  }

  Verified download(LocalFileSource source, String id, LocalCopies copies) throws Exception {
    Path partial = PartialFile.partialFor(dir.resolve("downloads"), id);
    return result(
        new FileDownload(
                vertx, source, partial, new MemoryLedger(), new Options(4, 5), listener, copies)
            .start());
  }

  /**
   * What the job does once a file is verified: put it in place and remember where its chunks are.
   */
  Path place(Verified v, String name, LocalCopies copies, MemoryChunkIndex placed)
      throws IOException {
    Path partial = v.partialFile().toRealPath();
    Path to = Placement.place(v.partialFile(), dir.resolve("downloads"), name, null).toRealPath();
    copies.recent().moved(partial, to);
    placed.remember(to, v.manifest());
    return to;
  }

  @Test
  void aFileOfRepeatedBlocksFetchesEachDistinctBlockOnce() throws Exception {
    byte[] a = new byte[CHUNK]; // a zero-filled region, the common case
    byte[] b = block(2);
    byte[] c = block(3);
    Path host = hostFileOf("repeats.bin", a, a, b, a, c, b, a, a, a, a, c);
    LocalFileSource source = new LocalFileSource(vertx, host, CHUNK);

    Verified v =
        result(
            new FileDownload(
                    vertx, source, partial(), new MemoryLedger(), new Options(4, 5), listener)
                .start());

    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
    assertEquals(3, source.totalReads(), "one read per distinct block");
    assertEquals(1, source.reads(0));
    assertEquals(1, source.reads(2));
    assertEquals(1, source.reads(4));
    assertEquals(new ChunkTally(8, 8L * CHUNK, 3, 3L * CHUNK), v.tally());
    assertEquals(11L * CHUNK, listener.last()[0], "copied chunks count as progress too");
  }

  @Test
  void aLocalCopyWithWrongBytesIsForgottenAndTheChunkFetched() throws Exception {
    byte[] b = block(2);
    Path host = hostFileOf("f.bin", block(1), b, block(3));
    LocalFileSource source = new LocalFileSource(vertx, host, CHUNK);
    Path decoy =
        Files.write(dir.resolve("decoy.bin"), block(99)).toRealPath(); // claims to hold b, does not
    Manifest m = LocalFileSource.manifestOf(Files.readAllBytes(host), CHUNK, "v1");
    ChunkLocation wrong = new ChunkLocation(decoy, 0, CHUNK);
    MemoryChunkIndex placed = new MemoryChunkIndex();
    placed.add(m.chunks().get(1), wrong);
    LocalCopies copies = new LocalCopies(new RecentChunks(), placed);
    copies.recent().add(m.chunks().get(1), wrong);

    Verified v = download(source, "f1", copies);

    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(v.partialFile()));
    assertEquals(1, source.reads(1), "fetched after the local copy failed its hash");
    assertEquals(0, v.tally().reusedChunks());
    assertEquals(java.util.List.of(wrong), placed.forgotten);
    assertFalse(copies.recent().find(m.chunks().get(1)).contains(wrong));
    assertTrue(
        listener.rejectedChunks.isEmpty(), "a bad local copy is not a bad chunk from the host");
  }

  @Test
  void chunksVerifiedInAnotherFileOfTheJobAreCopiedPartialOrPlaced() throws Exception {
    byte[] x = block(1);
    byte[] y = block(2);
    Path first = hostFileOf("first.bin", x, y, block(3));
    Path second = hostFileOf("second.bin", block(4), y, x);
    Path third = hostFileOf("third.bin", x, y);
    LocalCopies copies = new LocalCopies(new RecentChunks(), ChunkIndex.NONE);
    LocalFileSource firstSource = new LocalFileSource(vertx, first, CHUNK);
    LocalFileSource secondSource = new LocalFileSource(vertx, second, CHUNK);
    LocalFileSource thirdSource = new LocalFileSource(vertx, third, CHUNK);

    Verified one = download(firstSource, "f1", copies);
    Verified two = download(secondSource, "f2", copies); // first.bin is still a partial file
    place(one, "first.bin", copies, new MemoryChunkIndex());
    Verified three = download(thirdSource, "f3", copies); // now it is placed

    assertEquals(3, firstSource.totalReads());
    assertEquals(1, secondSource.totalReads(), "only the block first.bin did not have");
    assertEquals(1, secondSource.reads(0));
    assertEquals(0, thirdSource.totalReads());
    assertArrayEquals(Files.readAllBytes(second), Files.readAllBytes(two.partialFile()));
    assertArrayEquals(Files.readAllBytes(third), Files.readAllBytes(three.partialFile()));
    assertEquals(new ChunkTally(2, 2L * CHUNK, 0, 0), three.tally());
  }

  @Test
  void aFolderDownloadedAgainFetchesOnlyTheChunkThatChangedOnTheHost() throws Exception {
    Path a = hostFileOf("a.bin", block(1), block(2), block(3));
    Path b = hostFileOf("b.bin", block(4), block(5), block(6), block(7));
    MemoryChunkIndex placed = new MemoryChunkIndex();
    LocalCopies firstJob = new LocalCopies(new RecentChunks(), placed);
    place(
        download(new LocalFileSource(vertx, a, CHUNK), "a1", firstJob), "a.bin", firstJob, placed);
    place(
        download(new LocalFileSource(vertx, b, CHUNK), "b1", firstJob), "b.bin", firstJob, placed);
    hostFileOf("b.bin", block(4), block(5), block(66), block(7)); // one block edited on the host

    LocalCopies secondJob = new LocalCopies(new RecentChunks(), placed);
    LocalFileSource aAgain = new LocalFileSource(vertx, a, CHUNK);
    LocalFileSource bAgain = new LocalFileSource(vertx, b, CHUNK);
    Path a2 = place(download(aAgain, "a2", secondJob), "a.bin", secondJob, placed);
    Path b2 = place(download(bAgain, "b2", secondJob), "b.bin", secondJob, placed);

    assertEquals(0, aAgain.totalReads());
    assertEquals(1, bAgain.totalReads());
    assertEquals(1, bAgain.reads(2), "only the edited block crossed the network");
    assertEquals("a (1).bin", a2.getFileName().toString());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(a2));
    assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(b2));
  }

  @Test
  void aLocalCopyIsNeverReadThroughASymlink() throws Exception {
    byte[] x = block(1);
    Path host = hostFileOf("f.bin", x, block(2));
    Manifest m = LocalFileSource.manifestOf(Files.readAllBytes(host), CHUNK, "v1");
    Path real =
        Files.write(Files.createDirectories(dir.resolve("elsewhere")).resolve("same.bin"), x)
            .toRealPath();
    Path link = Files.createSymbolicLink(dir.resolve("link.bin"), real);
    Path linkedDir = Files.createSymbolicLink(dir.resolve("linked-dir"), real.getParent());
    MemoryChunkIndex placed = new MemoryChunkIndex();
    placed.add(
        m.chunks().get(0), new ChunkLocation(dir.toRealPath().resolve("link.bin"), 0, CHUNK));
    placed.add(
        m.chunks().get(0),
        new ChunkLocation(dir.toRealPath().resolve("linked-dir").resolve("same.bin"), 0, CHUNK));
    LocalFileSource source = new LocalFileSource(vertx, host, CHUNK);

    Verified v = download(source, "f1", new LocalCopies(new RecentChunks(), placed));

    assertEquals(1, source.reads(0), "the right bytes behind a symlink are still fetched");
    assertEquals(0, v.tally().reusedChunks());
    assertEquals(2, placed.forgotten.size());
    assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(linkedDir));
    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(v.partialFile()));
  }

  @Test
  void chunksSmallerThanTheMinimumAreAlwaysFetched() throws Exception {
    byte[] small = new byte[1000];
    Path host =
        Files.write(
            Files.createDirectories(dir.resolve("host")).resolve("small.bin"), new byte[4000]);
    LocalFileSource source = new LocalFileSource(vertx, host, small.length);

    Verified v = download(source, "f1", LocalCopies.ownFileOnly());

    assertEquals(4, source.totalReads(), "a lookup would cost more than these bytes");
    assertEquals(new ChunkTally(0, 0, 4, 4000), v.tally());
  }

  @Test
  void pausedWhileRepeatedBlocksWaitForTheirFirstCopyItStillFinishesWithOneReadEach()
      throws Exception {
    byte[] a = block(1);
    Path host = hostFileOf("paused.bin", a, a, a, a, a, a, block(2));
    LocalFileSource source = new LocalFileSource(vertx, host, CHUNK);
    source.hold();
    FileDownload d =
        new FileDownload(vertx, source, partial(), new MemoryLedger(), new Options(2, 5), listener);
    io.vertx.core.Future<Verified> done = d.start();
    org.awaitility.Awaitility.await()
        .until(() -> source.totalReads() == 2); // chunk 0 and chunk 6; 1-5 wait

    d.pause();
    source.release();
    d.resume();
    Verified v = result(done);

    assertEquals(2, source.totalReads());
    assertEquals(new ChunkTally(5, 5L * CHUNK, 2, 2L * CHUNK), v.tally());
    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
  }

  @Test
  void aResumedDownloadCopiesFromChunksItsPartialFileAlreadyHolds() throws Exception {
    byte[] a = block(1);
    Path host = hostFileOf("resumed.bin", a, block(2), a, a);
    Manifest m = LocalFileSource.manifestOf(Files.readAllBytes(host), CHUNK, "v1");
    Files.createDirectories(partial().getParent());
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(partial().toFile(), "rw")) {
      file.setLength(m.size());
      file.write(a); // chunk 0 landed before a crash
    }
    java.util.BitSet before = new java.util.BitSet();
    before.set(0);
    LocalFileSource source = new LocalFileSource(vertx, host, CHUNK);

    Verified v =
        result(
            new FileDownload(
                    vertx,
                    source,
                    partial(),
                    new MemoryLedger(m.etag(), before),
                    new Options(4, 5),
                    listener)
                .start());

    assertEquals(1, source.totalReads(), "only the block the partial file does not hold");
    assertEquals(1, source.reads(1));
    assertEquals(new ChunkTally(2, 2L * CHUNK, 1, CHUNK), v.tally());
    assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(partial()));
  }
}
