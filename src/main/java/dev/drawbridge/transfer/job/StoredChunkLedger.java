package dev.drawbridge.transfer.job;

import dev.drawbridge.transfer.ChunkLedger;
import java.util.BitSet;

/**
 * A file's verified chunks kept in memory and written to its {@code transfer_file} row in batches
 * (every {@link #BATCH} chunks and at every flush): at most a batch is fetched again after a crash,
 * and a 10,000-chunk file costs hundreds, not ten thousand, commits. Writes are queued on the
 * transfers' database writer thread, so the engine may call this from an event loop.
 */
final class StoredChunkLedger implements ChunkLedger {
  static final int BATCH = 32;

  // The job's in-memory row: kept in step, so a new download of the file (after a per-file pause or
  // a wait for the peer) continues from the chunks verified so far instead of from zero.
  private final JobFile row;
  private String etag;
  private final BitSet verified;
  private int unsaved;
  private final long chunkSize;
  private final long size;

  /** Saves a file's verified chunks; queues the write on the transfers' single database writer. */
  interface Saver {
    void save(String etag, byte[] verified, long bytesDone);
  }

  private final Saver saver;

  StoredChunkLedger(JobFile row, long chunkSize, Saver saver) {
    this.saver = saver;
    this.row = row;
    this.etag = row.etag;
    this.verified = row.verified == null ? new BitSet() : BitSet.valueOf(row.verified);
    this.chunkSize = chunkSize;
    this.size = row.size;
  }

  @Override
  public synchronized String etag() {
    return etag;
  }

  @Override
  public synchronized BitSet verified() {
    return (BitSet) verified.clone();
  }

  @Override
  public synchronized void reset(String newEtag) {
    etag = newEtag;
    verified.clear();
    unsaved = 0;
    save();
  }

  @Override
  public synchronized void verified(int chunk) {
    verified.set(chunk);
    if (++unsaved >= BATCH) {
      save();
    }
  }

  @Override
  public synchronized void flush() {
    save();
  }

  synchronized long bytesVerified() {
    long chunks = verified.cardinality();
    return Math.min(size, chunks * chunkSize);
  }

  private void save() {
    byte[] bits = verified.toByteArray();
    String tag = etag;
    long done = bytesVerified();
    row.etag = tag;
    row.verified = bits;
    row.bytesDone = done;
    // Queued on the transfers' single database writer: ordered, and never on an event loop.
    saver.save(tag, bits, done);
    unsaved = 0;
  }
}
