package dev.drawbridge.peerapi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * A chunk's body as it arrives, kept in the network buffers it came in instead of being copied into
 * one big array: the receiver hashes and writes those pieces directly, so a 1 MiB chunk costs no 1
 * MiB allocation and no copy on the heap.
 *
 * <p>A piece keeps its whole network buffer alive (normally a TLS record's worth, ~16 KiB). So that
 * a peer sending tiny pieces cannot make us hold many buffers for few bytes, a piece is kept only
 * if it fills at least half of its network buffer; others are copied into a tail buffer. What this
 * holds stays within about twice the chunk's length.
 */
final class ChunkBody {
  /** Smaller pieces are always copied (and coalesced): not worth a component each. */
  static final int KEEP_AS_IS = 4096;

  private static final int TAIL = 64 * 1024;

  private final int expected;
  private final CompositeByteBuf pieces;
  private ByteBuf tail;
  private int length;

  ChunkBody(int expected) {
    this.expected = expected;
    // Never consolidate (copy) on our own: the pieces are bounded by KEEP_AS_IS and the chunk size.
    this.pieces = Unpooled.compositeBuffer(Integer.MAX_VALUE);
  }

  int length() {
    return length;
  }

  void append(Buffer piece) {
    ByteBuf b = piece.getByteBuf(); // a view: adding it to the composite copies nothing
    int n = b.readableBytes();
    if (n == 0) {
      return;
    }
    if (n >= KEEP_AS_IS && backingCapacity(b) <= 2L * n) {
      flushTail();
      pieces.addComponent(true, b);
    } else {
      if (tail == null || tail.writableBytes() < n) {
        flushTail();
        tail = Unpooled.buffer(Math.min(TAIL, Math.max(n, expected - length)));
      }
      tail.writeBytes(b);
    }
    length += n;
  }

  Buffer toBuffer() {
    flushTail();
    return Buffer.buffer(pieces);
  }

  /** The size of the network buffer a view keeps alive. */
  private static int backingCapacity(ByteBuf view) {
    ByteBuf root = view;
    while (root.unwrap() != null) {
      root = root.unwrap();
    }
    return root.capacity();
  }

  private void flushTail() {
    if (tail != null) {
      pieces.addComponent(true, tail);
      tail = null;
    }
  }
}
