package dev.drawbridge.peerapi.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.peerapi.manifest.FileVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChunkCodingTest {
  static final int MIB = 1 << 20;
  final ChunkCoding auto = new ChunkCoding(Compression.AUTO, ChunkCoding.DEFAULT_LEVEL);

  static FileVersion version(String name) {
    return new FileVersion(Path.of("/share", name), 8L * MIB, 1L, "k", "\"" + name + "\"");
  }

  @Test
  void compressibleTextIsSentAsAZstdFrameThatDecodesToTheSameBytes() throws Exception {
    byte[] text = TextSamples.logLines(MIB, 1);
    FileVersion v = version("app.log");

    assertTrue(auto.worthTrying("zstd", v, MIB));
    byte[] frame = auto.encode(v, MIB, text, text.length);

    assertNotNull(frame);
    assertTrue(
        frame.length < text.length / 2, "log lines shrink by more than half, got " + frame.length);
    assertArrayEquals(text, ZstdCodec.decompress(frame, frame.length, text.length));
    assertEquals(1, auto.stats().coded());
  }

  @Test
  void randomBytesTravelAsTheyAre() {
    byte[] noise = TextSamples.random(MIB, 2);
    FileVersion v = version("noise.bin");

    assertTrue(auto.worthTrying("zstd", v, MIB));
    assertNull(auto.encode(v, MIB, noise, noise.length));
    assertEquals(1, auto.stats().tried());
    assertEquals(0, auto.stats().coded());
  }

  @Test
  void aVersionThatKeepsNotPayingIsNoLongerTried() {
    FileVersion v = version("noise.dat");
    for (int i = 0; i < ChunkCoding.MISSES_TO_GIVE_UP; i++) {
      assertTrue(auto.worthTrying("zstd", v, MIB), "still tried after " + i + " misses");
      assertNull(auto.encode(v, (long) i * MIB, TextSamples.random(MIB, 10 + i), MIB));
    }

    assertFalse(auto.worthTrying("zstd", v, MIB));
    assertEquals(1, auto.stats().skippedRemembered());
    // Another version of the same file (it was rewritten) starts afresh.
    assertTrue(
        auto.worthTrying("zstd", new FileVersion(v.path(), v.size(), 2L, "k", "\"other\""), MIB));
  }

  @Test
  void aChunkThatPaysResetsTheMissesOfItsVersion() {
    FileVersion v = version("mixed.tar");
    auto.encode(v, 0, TextSamples.random(MIB, 3), MIB);
    auto.encode(v, MIB, TextSamples.random(MIB, 4), MIB);
    assertNotNull(auto.encode(v, 2L * MIB, TextSamples.logLines(MIB, 5), MIB));
    auto.encode(v, 3L * MIB, TextSamples.random(MIB, 6), MIB);

    assertTrue(auto.worthTrying("zstd", v, MIB));
  }

  @Test
  void knownCompressedFormatsAreNeverTriedWhateverTheirContent() {
    for (String name :
        new String[] {"a.zip", "b.JPG", "c.png", "d.mp4", "e.tar.gz", "f.7z", "g.pdf", "h.zst"}) {
      assertFalse(auto.worthTrying("zstd", version(name), MIB), name);
    }
    assertEquals(0, auto.stats().tried());
    assertEquals(8, auto.stats().skippedByName());
  }

  @Test
  void aFileThatStartsLikeACompressedFormatIsGivenUpAtItsFirstChunk() {
    byte[] png = TextSamples.logLines(MIB, 7);
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    System.arraycopy(magic, 0, png, 0, magic.length);
    FileVersion v = version("picture-without-extension");

    assertNull(auto.encode(v, 0, png, png.length));
    assertEquals(0, auto.stats().tried());
    assertFalse(auto.worthTrying("zstd", v, MIB));
  }

  @Test
  void compressesOnlyForAReceiverThatAskedForZstd() {
    FileVersion v = version("app.log");
    assertFalse(auto.worthTrying(null, v, MIB));
    assertFalse(auto.worthTrying("gzip, br", v, MIB));
    assertFalse(auto.worthTrying("zstd;q=0, gzip", v, MIB));
    assertTrue(auto.worthTrying("gzip, zstd;q=0.5", v, MIB));
    assertTrue(auto.worthTrying("*", v, MIB));
  }

  @Test
  void offNeverCompressesNorDoTinyChunks() {
    assertFalse(ChunkCoding.off().worthTrying("zstd", version("app.log"), MIB));
    assertFalse(auto.worthTrying("zstd", version("app.log"), ChunkCoding.MIN_LENGTH - 1));
  }

  @Test
  void refusesLevelsOutsideTheFastRange() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkCoding(Compression.AUTO, 0));
    assertThrows(IllegalArgumentException.class, () -> new ChunkCoding(Compression.AUTO, 19));
  }
}
