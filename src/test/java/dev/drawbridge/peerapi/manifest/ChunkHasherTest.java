package dev.drawbridge.peerapi.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkHasherTest {
  static final int CHUNK = 1024;
  @TempDir Path dir;

  static String chunkHash(byte[] b) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static String fileDigest(byte[] b) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
  }

  Path file(int size) throws IOException {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return Files.write(dir.resolve("f" + size), b);
  }

  @Test
  void hashesEveryChunkAndTheWholeFileInOnePass() throws Exception {
    Path f = file(CHUNK * 5 / 2);
    byte[] bytes = Files.readAllBytes(f);
    List<Long> progress = new ArrayList<>();

    Manifest m = ChunkHasher.hash(FileVersion.read(f), CHUNK, progress::add).orElseThrow();

    assertEquals(
        List.of(
            chunkHash(Arrays.copyOfRange(bytes, 0, CHUNK)),
            chunkHash(Arrays.copyOfRange(bytes, CHUNK, 2 * CHUNK)),
            chunkHash(Arrays.copyOfRange(bytes, 2 * CHUNK, bytes.length))),
        m.chunks());
    assertEquals(fileDigest(bytes), m.digest());
    assertEquals(FileVersion.read(f).etag(), m.etag());
    assertEquals(List.of((long) CHUNK, 2L * CHUNK, (long) bytes.length), progress);
  }

  @Test
  void anExactMultipleOfTheChunkSizeHasNoEmptyLastChunk() throws Exception {
    Manifest m = ChunkHasher.hash(FileVersion.read(file(2 * CHUNK)), CHUNK, n -> {}).orElseThrow();
    assertEquals(2, m.chunkCount());
  }

  @Test
  void anEmptyFileHasNoChunksAndTheDigestOfNothing() throws Exception {
    Manifest m = ChunkHasher.hash(FileVersion.read(file(0)), CHUNK, n -> {}).orElseThrow();
    assertEquals(0, m.chunkCount());
    assertEquals(fileDigest(new byte[0]), m.digest());
  }

  @Test
  void discardsTheHashesWhenTheFileChangesWhileBeingRead() throws Exception {
    Path f = file(3 * CHUNK);
    FileVersion before = FileVersion.read(f);
    Optional<Manifest> m =
        ChunkHasher.hash(
            before,
            CHUNK,
            n -> {
              if (n == CHUNK) { // after the first chunk, someone rewrites the file in place
                try {
                  Files.write(f, new byte[] {1, 2, 3}, StandardOpenOption.WRITE);
                  Files.setLastModifiedTime(
                      f, FileTime.fromMillis(before.mtimeNanos() / 1_000_000 + 5000));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
    assertTrue(m.isEmpty());
  }

  @Test
  void refusesAVersionTheFileNoLongerIs() throws Exception {
    Path f = file(CHUNK);
    FileVersion old = FileVersion.read(f);
    Files.write(f, new byte[CHUNK + 1]);
    assertTrue(ChunkHasher.hash(old, CHUNK, n -> {}).isEmpty());
  }
}
