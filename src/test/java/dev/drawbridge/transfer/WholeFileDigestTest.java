package dev.drawbridge.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import io.vertx.core.buffer.Buffer;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-file SHA-256 computed during the download, from memory where it can and from disk where
 * it must.
 */
class WholeFileDigestTest {
  static final int CHUNK = 64 * 1024;
  static final int CHUNKS = 6;

  @TempDir Path dir;

  final byte[] content = new byte[CHUNKS * CHUNK - 1000];
  final Manifest manifest;
  final AtomicInteger freed = new AtomicInteger();
  // Runs "blocking" work at once: the steps are then strictly sequential, as on a real context.
  final FinalCheck.Blocking inline =
      new FinalCheck.Blocking() {
        @Override
        public <T> void run(java.util.concurrent.Callable<T> work, io.vertx.core.Handler<T> then) {
          try {
            then.handle(work.call());
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }
      };

  WholeFileDigestTest() {
    new Random(7).nextBytes(content);
    manifest = LocalFileSource.manifestOf(content, CHUNK, "v1");
  }

  PartialStore storeWith(BitSet onDisk) throws Exception {
    PartialStore store = new PartialStore(dir.resolve("p.partial"), new MemoryLedger());
    store.open(manifest);
    for (int i = onDisk.nextSetBit(0); i >= 0; i = onDisk.nextSetBit(i + 1)) {
      store
          .file()
          .write(
              manifest.chunkOffset(i),
              ByteBuffer.wrap(content, (int) manifest.chunkOffset(i), manifest.chunkLength(i)));
    }
    return store;
  }

  Buffer chunk(int i) {
    return Buffer.buffer()
        .appendBytes(content, (int) manifest.chunkOffset(i), manifest.chunkLength(i));
  }

  Boolean outcome(WholeFileDigest digest) {
    AtomicReference<Boolean> result = new AtomicReference<>();
    digest.whenComplete(result::set);
    return result.get();
  }

  @Test
  void matchesWhenChunksArriveOutOfOrderAndHashesThemFromMemory() throws Exception {
    BitSet all = new BitSet();
    all.set(0, CHUNKS);
    WholeFileDigest digest =
        new WholeFileDigest(manifest, storeWith(all), inline, freed::incrementAndGet);
    digest.alreadyWritten(new BitSet());
    for (int i : new int[] {2, 1, 5, 3, 4}) {
      digest.written(i, chunk(i));
    }
    assertEquals(5, digest.buffered(), "everything waits for chunk 0");
    assertNull(outcome(digest), "not complete before chunk 0");
    digest.written(0, chunk(0));
    assertEquals(0, digest.buffered());
    assertTrue(freed.get() > 0, "the fetch loop hears that memory was freed");
    assertEquals(0, digest.bytesReadBack());
    assertTrue(outcome(digest));
  }

  @Test
  void readsBackChunksFromBeforeARestartAndChunksItDropped() throws Exception {
    BitSet all = new BitSet();
    all.set(0, CHUNKS);
    WholeFileDigest digest =
        new WholeFileDigest(manifest, storeWith(all), inline, freed::incrementAndGet);
    BitSet resumed = new BitSet();
    resumed.set(1);
    digest.alreadyWritten(resumed);
    digest.written(4, chunk(4));
    digest.written(3, chunk(3));
    assertTrue(digest.dropFurthest(), "chunk 4 is furthest ahead");
    assertEquals(1, digest.buffered());
    digest.written(2, chunk(2));
    digest.written(5, chunk(5));
    digest.written(0, chunk(0));
    assertFalse(digest.dropFurthest(), "nothing left to drop");
    assertEquals(manifest.chunkLength(1) + manifest.chunkLength(4), digest.bytesReadBack());
    assertTrue(outcome(digest));
  }

  @Test
  void failsWhenTheFileOnDiskDiffersFromTheManifest() throws Exception {
    BitSet all = new BitSet();
    all.set(0, CHUNKS);
    PartialStore store = storeWith(all);
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("p.partial").toFile(), "rw")) {
      f.seek(manifest.chunkOffset(3) + 10);
      f.write(content[(int) manifest.chunkOffset(3) + 10] ^ 1);
    }
    WholeFileDigest digest = new WholeFileDigest(manifest, store, inline, freed::incrementAndGet);
    digest.alreadyWritten(all); // e.g. a ledger that claims more than the disk holds
    assertFalse(outcome(digest));
  }
}
