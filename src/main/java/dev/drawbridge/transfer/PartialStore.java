package dev.drawbridge.transfer;

import dev.drawbridge.content.Manifest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.BitSet;

/**
 * The partial file and its ledger, changed together so that the ledger never records a chunk the
 * file does not hold. Every method blocks (file IO, and the ledger may be SQLite): call them from
 * worker threads. Ledger calls are serialized here, so a ledger implementation need not be
 * thread-safe even though chunks are stored from several workers at once.
 */
final class PartialStore {
  private final Path path;
  private final ChunkLedger ledger;
  private final Object ledgerLock = new Object();
  // Opened on a worker by open(), read by later tasks and by the clean-up.
  private volatile PartialFile file;

  PartialStore(Path path, ChunkLedger ledger) {
    this.path = path;
    this.ledger = ledger;
  }

  Path path() {
    return path;
  }

  PartialFile file() {
    return file;
  }

  /** Opens the file at full size and returns the chunks it already holds, verified earlier. */
  BitSet open(Manifest manifest) throws IOException {
    boolean intact = PartialFile.hasSize(path, manifest.size());
    synchronized (ledgerLock) {
      // Never mix versions, and a missing or resized file cannot hold the chunks the ledger
      // remembers.
      boolean fresh = !manifest.etag().equals(ledger.etag()) || !intact;
      BitSet done = new BitSet();
      if (fresh) {
        ledger.reset(manifest.etag());
        ledger.flush();
      } else {
        done.or(ledger.verified());
        done.clear(manifest.chunkCount(), Math.max(manifest.chunkCount(), done.length()));
      }
      long held = done.stream().mapToLong(manifest::chunkLength).sum();
      file = PartialFile.open(path, manifest.size(), fresh, manifest.size() - held);
      return done;
    }
  }

  /**
   * Writes and records the chunk only if its bytes hash to {@code expected}; false if they do not.
   * Hashes and writes the very buffers the bytes arrived in (no copy of the chunk on the heap).
   */
  boolean store(int chunk, long offset, Buffer bytes, byte[] expected) throws IOException {
    ByteBuffer[] parts = bytes.getByteBuf().nioBuffers();
    MessageDigest digest = Sha256.digest();
    for (ByteBuffer part : parts) {
      digest.update(part.duplicate());
    }
    if (!MessageDigest.isEqual(digest.digest(), expected)) {
      return false;
    }
    file.write(offset, parts);
    synchronized (ledgerLock) {
      ledger.verified(chunk);
    }
    return true;
  }

  /**
   * Data first, then the ledger: the ledger must never be more durable than the bytes it vouches
   * for.
   */
  void makeDurable() throws IOException {
    file.force();
    synchronized (ledgerLock) {
      ledger.flush();
    }
  }

  /** The ledger has no "unmark": start it over and re-record the chunks that are still good. */
  void recordOnly(String etag, BitSet good) {
    synchronized (ledgerLock) {
      ledger.reset(etag);
      good.stream().forEach(ledger::verified);
      ledger.flush();
    }
  }

  void close() throws IOException {
    PartialFile open = file;
    if (open != null) {
      open.close();
    }
  }

  /**
   * After a failure: keeps what was verified (flushed) for the retry. After a cancel: deletes the
   * file and forgets its chunks. {@code etag} may be null when no manifest ever arrived.
   */
  void closeAfterStop(boolean cancelled, String etag) throws IOException {
    close();
    synchronized (ledgerLock) {
      if (cancelled) {
        Files.deleteIfExists(path);
        String forget = etag != null ? etag : ledger.etag();
        if (forget != null) {
          ledger.reset(forget);
        }
      }
      ledger.flush();
    }
  }
}
