package dev.drawbridge.transfer;

import java.util.BitSet;

/**
 * Durable memory of which chunks of one partial file are verified, so that after a crash or {@code
 * kill -9} a download resumes from the last verified chunk instead of from zero. Implementations
 * may batch writes; {@link #flush()} makes everything recorded durable.
 */
public interface ChunkLedger {
  /** The manifest etag the recorded chunks belong to, or null when nothing is recorded. */
  String etag();

  /** Chunks recorded as verified for {@link #etag()}. */
  BitSet verified();

  /** Starts over for a new file version: forget all chunks, remember this etag. */
  void reset(String etag);

  /** Records one verified chunk (its bytes are already written to the partial file). */
  void verified(int chunk);

  void flush();
}
