package dev.drawbridge.peerapi.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdCompressCtx;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Decoding is bounded by the length the receiver asked for, whatever the frame says or holds. */
class ZstdCodecTest {
  static final int MIB = 1 << 20;

  static byte[] frame(byte[] content, boolean recordSize) {
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(1);
      ctx.setContentSize(recordSize);
      return ctx.compress(content);
    }
  }

  @Test
  void loadsOnThisPlatform() {
    assertTrue(ZstdCodec.available());
  }

  @Test
  void decodesAFrameToExactlyTheExpectedBytes() throws Exception {
    byte[] text = TextSamples.logLines(MIB, 1);
    byte[] f = frame(text, true);
    assertArrayEquals(text, ZstdCodec.decompress(f, f.length, MIB));
  }

  @Test
  void aBombThatDeclaresItsSizeIsRefusedBeforeDecoding() {
    byte[] bomb = frame(new byte[256 * MIB], true); // a few KiB that would decode to 256 MiB
    assertTrue(bomb.length < 64 * 1024);

    var e =
        assertThrows(
            ZstdCodec.BadFrameException.class, () -> ZstdCodec.decompress(bomb, bomb.length, MIB));
    assertTrue(e.getMessage().contains("declares " + 256 * MIB), e.getMessage());
  }

  @Test
  void aBombThatHidesItsSizeFailsAtTheRequestedLength() {
    byte[] bomb = frame(new byte[256 * MIB], false);

    var e =
        assertThrows(
            ZstdCodec.BadFrameException.class, () -> ZstdCodec.decompress(bomb, bomb.length, MIB));
    assertTrue(e.getMessage().contains("not a valid zstd frame of " + MIB), e.getMessage());
  }

  @Test
  void aFrameOfFewerBytesThanAskedIsRefused() {
    byte[] f = frame(new byte[MIB - 1], false);
    assertThrows(ZstdCodec.BadFrameException.class, () -> ZstdCodec.decompress(f, f.length, MIB));
  }

  @Test
  void garbageAndTruncatedFramesAreRefused() {
    byte[] junk = "this is not zstd at all".getBytes();
    assertThrows(
        ZstdCodec.BadFrameException.class, () -> ZstdCodec.decompress(junk, junk.length, MIB));
    byte[] f = frame(TextSamples.logLines(MIB, 2), true);
    byte[] cut = Arrays.copyOf(f, f.length - 10);
    assertThrows(
        ZstdCodec.BadFrameException.class, () -> ZstdCodec.decompress(cut, cut.length, MIB));
  }
}
