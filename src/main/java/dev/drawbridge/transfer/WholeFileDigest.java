package dev.drawbridge.transfer;

import dev.drawbridge.content.Manifest;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;

/**
 * The SHA-256 of the whole file, computed while the download runs instead of in a second pass over
 * the finished file. Chunks are folded in strictly in file order as the verified prefix grows: a
 * chunk written in this session is hashed from the very buffer that was written to the file, a
 * chunk that is not in memory (verified before a restart, or dropped from the reorder buffer) is
 * read back from the partial file. Every byte of the file goes into the digest exactly once, so a
 * match still means the whole file is the host's version.
 *
 * <p>Chunks that arrive ahead of the prefix wait here, but their buffers count against the
 * download's chunks in flight: when the fetch loop needs the memory it drops the one furthest ahead
 * ({@link #dropFurthest()}), which is then read back from disk when its turn comes. Folding runs on
 * a worker thread, one step at a time, so it overlaps with fetching and hashing other chunks.
 * Confined to the download's context.
 */
final class WholeFileDigest {
  /** Folds at most this many bytes per blocking step, so that a cancel is noticed between steps. */
  private static final long STEP_BYTES = 16L << 20;

  private final Manifest manifest;
  private final PartialStore store;
  private final FinalCheck.Blocking blocking;
  private final Runnable memoryFreed;
  private final MessageDigest digest = Sha256.digest();
  private final BitSet written = new BitSet();
  private final TreeMap<Integer, Buffer> held = new TreeMap<>();
  private int next; // chunks before this one are in the digest
  private int folding; // buffers in the step that is running now
  private boolean stepRunning;
  private Handler<Boolean> whenDone;
  private Boolean matches; // known once every chunk is in
  private long bytesReadBack;

  WholeFileDigest(
      Manifest manifest, PartialStore store, FinalCheck.Blocking blocking, Runnable memoryFreed) {
    this.manifest = manifest;
    this.store = store;
    this.blocking = blocking;
    this.memoryFreed = memoryFreed;
  }

  /** Chunks already in the partial file (from before a restart): they are read back in turn. */
  void alreadyWritten(BitSet chunks) {
    written.or(chunks);
    fold();
  }

  /** A chunk is verified and written; {@code bytes} (null if gone) are exactly what was written. */
  void written(int chunk, Buffer bytes) {
    written.set(chunk);
    if (bytes != null && chunk >= next) {
      held.put(chunk, bytes);
    }
    fold();
  }

  /** Chunk buffers this keeps in memory. */
  int buffered() {
    return held.size() + folding;
  }

  /** Drops the held buffer furthest ahead of the prefix (it is read back later); false if none. */
  boolean dropFurthest() {
    if (held.isEmpty()) {
      return false;
    }
    held.pollLastEntry();
    return true;
  }

  /** Bytes that had to be read back from disk instead of hashed from memory (for the log). */
  long bytesReadBack() {
    return bytesReadBack;
  }

  /**
   * Calls {@code then} with whether the digest is the manifest's, once every chunk is folded in.
   */
  void whenComplete(Handler<Boolean> then) {
    whenDone = then;
    fold();
  }

  private void fold() {
    if (stepRunning) {
      return;
    }
    if (next >= manifest.chunkCount()) {
      if (matches == null) {
        matches = MessageDigest.isEqual(digest.digest(), Sha256.fromFileDigest(manifest.digest()));
      }
      if (whenDone != null) {
        Handler<Boolean> then = whenDone;
        whenDone = null;
        then.handle(matches);
      }
      return;
    }
    List<Buffer> step = new ArrayList<>();
    int first = next;
    int end = first;
    long bytes = 0;
    while (end < manifest.chunkCount() && written.get(end) && bytes < STEP_BYTES) {
      step.add(held.remove(end)); // null when not in memory: read back
      bytes += manifest.chunkLength(end);
      end++;
    }
    if (end == first) {
      return; // the next chunk has not arrived yet
    }
    int count = end - first;
    long inMemory = step.stream().filter(b -> b != null).count();
    folding = (int) inMemory;
    stepRunning = true;
    blocking.run(
        () -> {
          for (int i = 0; i < count; i++) {
            Buffer b = step.get(i);
            int chunk = first + i;
            if (b == null) {
              store.file().digest(manifest.chunkOffset(chunk), manifest.chunkLength(chunk), digest);
            } else {
              for (ByteBuffer part : b.getByteBuf().nioBuffers()) {
                digest.update(part);
              }
            }
          }
          return null;
        },
        ignored -> {
          for (int i = 0; i < count; i++) {
            if (step.get(i) == null) {
              bytesReadBack += manifest.chunkLength(first + i);
            }
          }
          next = first + count;
          stepRunning = false;
          folding = 0;
          if (inMemory > 0) {
            memoryFreed.run();
          }
          fold();
        });
  }
}
