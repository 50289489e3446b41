package dev.drawbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.transfer.ChunkLocation;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of placed files in SQLite: per peer, only unchanged files, never through a symlink,
 * bounded.
 */
@QuarkusTest
class PlacedChunksTest {
  static final int CHUNK = 64 << 10;

  @Inject AgroalDataSource db;
  @TempDir Path dir;
  final List<Runnable> queued = new CopyOnWriteArrayList<>();
  final String peer = "peer-" + UUID.randomUUID();

  PlacedChunks index(int maxChunks) {
    return new PlacedChunks(db, queued::add, maxChunks);
  }

  void drainWriter() {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }

  static Manifest manifestOf(byte[] content) throws Exception {
    List<String> chunks = new ArrayList<>();
    for (int at = 0; at < content.length; at += CHUNK) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(content, at, Math.min(CHUNK, content.length - at));
      chunks.add(Base64.getUrlEncoder().withoutPadding().encodeToString(md.digest()));
    }
    String digest =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
    return new Manifest(content.length, "\"e\"", CHUNK, chunks, digest);
  }

  record Placed(Path file, Manifest manifest) {}

  Placed placed(String name, int chunks, long seed) throws Exception {
    byte[] content = new byte[chunks * CHUNK];
    new Random(seed).nextBytes(content);
    Path file =
        Files.write(Files.createDirectories(dir.resolve("d")).resolve(name), content).toRealPath();
    return new Placed(file, manifestOf(content));
  }

  @Test
  void findsTheChunksOfAPlacedFileForTheSamePeerOnly() throws Exception {
    PlacedChunks index = index(PlacedChunks.MAX_CHUNKS);
    Placed p = placed("a.bin", 3, 1);
    index.remember(peer, p.file(), p.manifest());

    List<String> asked =
        List.of(p.manifest().chunks().get(2), "nope", p.manifest().chunks().get(0));
    BitSet expected = new BitSet();
    expected.set(0);
    expected.set(2);
    assertEquals(expected, index.known(peer, asked));
    assertEquals(
        List.of(new ChunkLocation(p.file(), 2L * CHUNK, CHUNK)),
        index.find(peer, p.manifest().chunks().get(2)));
    assertEquals(
        new BitSet(),
        index.from("another-peer").known(p.manifest().chunks()),
        "no probing across peers");
    assertEquals(List.of(), index.find("another-peer", p.manifest().chunks().get(2)));
  }

  @Test
  void aFileChangedSincePlacementIsNotOfferedAndIsDropped() throws Exception {
    PlacedChunks index = index(PlacedChunks.MAX_CHUNKS);
    Placed p = placed("b.bin", 2, 2);
    index.remember(peer, p.file(), p.manifest());
    Files.setLastModifiedTime(
        p.file(), FileTime.fromMillis(Files.getLastModifiedTime(p.file()).toMillis() - 60_000));

    assertEquals(List.of(), index.find(peer, p.manifest().chunks().get(0)));
    drainWriter();
    assertEquals(new BitSet(), index.known(peer, p.manifest().chunks()), "the stale entry is gone");
  }

  @Test
  void aFileNowReachedThroughASymlinkIsNotOffered() throws Exception {
    PlacedChunks index = index(PlacedChunks.MAX_CHUNKS);
    Placed p = placed("c.bin", 1, 3);
    index.remember(peer, p.file(), p.manifest());
    Path moved = Files.move(p.file().getParent(), dir.resolve("moved"));
    Files.createSymbolicLink(p.file().getParent(), moved);
    assertTrue(
        Files.isRegularFile(p.file()), "same bytes, same size and mtime, but behind a symlink");

    assertEquals(List.of(), index.find(peer, p.manifest().chunks().get(0)));
  }

  @Test
  void forgetsTheOldestFilesBeyondItsBound() throws Exception {
    PlacedChunks index = index(4);
    Placed first = placed("1.bin", 2, 4);
    Placed second = placed("2.bin", 2, 5);
    Placed third = placed("3.bin", 2, 6);
    for (Placed p : List.of(first, second, third)) {
      index.remember(peer, p.file(), p.manifest());
    }

    assertEquals(new BitSet(), index.known(peer, first.manifest().chunks()));
    assertEquals(2, index.known(peer, second.manifest().chunks()).cardinality());
    assertEquals(2, index.known(peer, third.manifest().chunks()).cardinality());
  }

  @Test
  void aRepeatedBlockIsOneRowAndSmallFilesAreNotRemembered() throws Exception {
    PlacedChunks index = index(PlacedChunks.MAX_CHUNKS);
    byte[] zeros = new byte[5 * CHUNK];
    Path file = Files.write(dir.resolve("zeros.bin"), zeros).toRealPath();
    Manifest m = manifestOf(zeros);
    index.remember(peer, file, m);
    Path small = Files.write(dir.resolve("small.txt"), new byte[1000]).toRealPath();
    Manifest tiny = manifestOf(new byte[1000]);
    index.remember(peer, small, tiny);

    assertEquals(List.of(new ChunkLocation(file, 0, CHUNK)), index.find(peer, m.chunks().get(3)));
    assertEquals(new BitSet(), index.known(peer, tiny.chunks()));
  }

  @Test
  void rememberingAPathAgainReplacesItsEntry() throws Exception {
    PlacedChunks index = index(PlacedChunks.MAX_CHUNKS);
    Placed old = placed("same.bin", 2, 7);
    index.remember(peer, old.file(), old.manifest());
    Placed now = placed("same.bin", 2, 8);
    index.remember(peer, now.file(), now.manifest());

    assertEquals(new BitSet(), index.known(peer, old.manifest().chunks()));
    assertEquals(2, index.known(peer, now.manifest().chunks()).cardinality());
  }
}
