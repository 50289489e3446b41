package dev.drawbridge.peerapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A chunk kept in the pieces it arrived in, without holding much more memory than its bytes. */
class ChunkBodyTest {
  final Random random = new Random(3);

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static byte[] contentOf(Buffer buffer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer part : buffer.getByteBuf().nioBuffers()) {
      byte[] b = new byte[part.remaining()];
      part.get(b);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  @Test
  void keepsLargePiecesWithoutCopyingAndReturnsTheBytesInOrder() {
    ChunkBody body = new ChunkBody(3 * 16384 + 100);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    byte[] first = bytes(16384);
    for (byte[] piece : new byte[][] {first, bytes(16384), bytes(60), bytes(40), bytes(16384)}) {
      sent.writeBytes(piece);
      body.append(Buffer.buffer(Unpooled.wrappedBuffer(piece)));
    }
    assertEquals(sent.size(), body.length());
    Buffer result = body.toBuffer();
    assertArrayEquals(sent.toByteArray(), contentOf(result));
    first[0] ^= 1; // the first piece was kept, not copied
    assertEquals(first[0], result.getByte(0));
  }

  @Test
  void copiesPiecesThatWouldPinAMuchLargerNetworkBuffer() {
    ChunkBody body = new ChunkBody(64 * 5000);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    for (int i = 0; i < 64; i++) {
      ByteBuf network = Unpooled.buffer(64 * 1024); // a big buffer holding a small piece
      byte[] piece = bytes(5000);
      network.writeBytes(piece);
      sent.writeBytes(piece);
      body.append(Buffer.buffer(network));
    }
    Buffer result = body.toBuffer();
    assertArrayEquals(sent.toByteArray(), contentOf(result));
    long held = 0;
    for (ByteBuffer part : result.getByteBuf().nioBuffers()) {
      held += part.array().length;
    }
    assertTrue(held <= 2L * sent.size(), "holds " + held + " bytes for " + sent.size());
  }
}
