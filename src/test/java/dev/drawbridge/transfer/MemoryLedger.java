package dev.drawbridge.transfer;

import java.util.BitSet;

/** A real ledger kept in memory; {@link #copy()} is what a restart would read back from disk. */
final class MemoryLedger implements ChunkLedger {
  private String etag;
  private final BitSet verified = new BitSet();
  private int flushes;

  MemoryLedger() {}

  MemoryLedger(String etag, BitSet verified) {
    this.etag = etag;
    this.verified.or(verified);
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
  }

  @Override
  public synchronized void verified(int chunk) {
    verified.set(chunk);
  }

  @Override
  public synchronized void flush() {
    flushes++;
  }

  synchronized int count() {
    return verified.cardinality();
  }

  synchronized int flushes() {
    return flushes;
  }

  synchronized MemoryLedger copy() {
    return new MemoryLedger(etag, verified);
  }
}
