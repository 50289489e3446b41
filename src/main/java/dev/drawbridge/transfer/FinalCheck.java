package dev.drawbridge.transfer;

import dev.drawbridge.content.Manifest;
import io.vertx.core.Handler;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.concurrent.Callable;

/**
 * Re-reads the partial file from disk (not from memory) and compares it with the manifest: after
 * the whole-file digest computed during the download ({@link WholeFileDigest}) failed, to find the
 * damaged chunks, and once more after they were fetched again. A ledger can claim more than the
 * disk holds (a crash between a batched ledger write and the data reaching the platter, a user
 * editing the file), and only reading the bytes back can tell (WholeFileDigest reads back every
 * chunk it did not write itself in this run for the same reason).
 *
 * <p>The file is read in steps of a few chunks, one blocking task each, so that no worker thread is
 * held for minutes on a large file and a cancel is noticed between steps. Steps run strictly one
 * after the other, which is what makes handing the digest from worker to worker safe.
 */
final class FinalCheck {
  /**
   * Runs blocking work off the event loop and calls back on it, or never if the download stopped.
   */
  interface Blocking {
    <T> void run(Callable<T> work, Handler<T> then);
  }

  private static final long STEP_BYTES = 16L << 20;

  private final Manifest manifest;
  private final PartialFile file;
  private final Blocking blocking;
  private final int chunksPerStep;

  FinalCheck(Manifest manifest, PartialFile file, Blocking blocking) {
    this.manifest = manifest;
    this.file = file;
    this.blocking = blocking;
    this.chunksPerStep = (int) Math.max(1, STEP_BYTES / manifest.chunkSize());
  }

  /** Whether the SHA-256 of the whole partial file is the manifest's digest. */
  void wholeFileMatches(Handler<Boolean> then) {
    digestFrom(0, Sha256.digest(), then);
  }

  private void digestFrom(int first, MessageDigest digest, Handler<Boolean> then) {
    if (first >= manifest.chunkCount()) {
      then.handle(MessageDigest.isEqual(digest.digest(), Sha256.fromFileDigest(manifest.digest())));
      return;
    }
    int end = Math.min(manifest.chunkCount(), first + chunksPerStep);
    blocking.run(
        () -> {
          long offset = manifest.chunkOffset(first);
          // At most STEP_BYTES, or one chunk (which FileDownload caps), so it fits an int.
          long length = manifest.chunkOffset(end - 1) + manifest.chunkLength(end - 1) - offset;
          file.digest(offset, (int) length, digest);
          return null;
        },
        ignored -> digestFrom(end, digest, then));
  }

  /** The chunks whose bytes on disk do not hash to the manifest's chunk hash. */
  void damagedChunks(Handler<BitSet> then) {
    damagedFrom(0, new BitSet(), then);
  }

  private void damagedFrom(int first, BitSet damaged, Handler<BitSet> then) {
    if (first >= manifest.chunkCount()) {
      then.handle(damaged);
      return;
    }
    int end = Math.min(manifest.chunkCount(), first + chunksPerStep);
    blocking.run(
        () -> {
          for (int i = first; i < end; i++) {
            MessageDigest digest = Sha256.digest();
            file.digest(manifest.chunkOffset(i), manifest.chunkLength(i), digest);
            byte[] expected = Sha256.fromChunkHash(manifest.chunks().get(i));
            if (expected == null || !MessageDigest.isEqual(digest.digest(), expected)) {
              damaged.set(i);
            }
          }
          return null;
        },
        ignored -> damagedFrom(end, damaged, then));
  }
}
