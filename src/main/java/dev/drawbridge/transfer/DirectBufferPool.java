package dev.drawbridge.transfer;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few reusable direct buffers for writing chunks to disk. A positional write from a heap buffer
 * makes the JDK copy it into a temporary direct buffer anyway (cached per thread, so one per worker
 * thread that ever wrote); staging the bytes here ourselves costs the same single copy, lets a
 * chunk that arrived in many network pieces go to disk in one system call, and keeps the direct
 * memory bounded by {@code keep} buffers, whatever number of worker threads write.
 */
final class DirectBufferPool {
  private final int bufferSize;
  private final int keep;
  private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  DirectBufferPool(int bufferSize, int keep) {
    this.bufferSize = bufferSize;
    this.keep = keep;
  }

  int bufferSize() {
    return bufferSize;
  }

  /** A cleared buffer of {@link #bufferSize()} bytes; give it back with {@link #release}. */
  ByteBuffer acquire() {
    ByteBuffer b = idle.poll();
    if (b == null) {
      return ByteBuffer.allocateDirect(bufferSize);
    }
    idleCount.decrementAndGet();
    return b.clear();
  }

  /** Keeps the buffer for the next writer, or drops it (to the GC) when enough are idle. */
  void release(ByteBuffer b) {
    if (idleCount.incrementAndGet() <= keep) {
      idle.offer(b);
    } else {
      idleCount.decrementAndGet();
    }
  }
}
