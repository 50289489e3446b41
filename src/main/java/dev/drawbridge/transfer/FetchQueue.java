package dev.drawbridge.transfer;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which chunks still have to be read, lowest first, and how often each has already gone wrong. A
 * BitSet rather than a queue of boxed integers: a 1 TB file has a million chunks. Confined to the
 * download's context.
 */
final class FetchQueue {
  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 8_000;

  private final BitSet wanted = new BitSet();
  private int size;
  private int scanFrom; // nothing below is wanted: keeps next() from rescanning the done prefix
  private final Map<Integer, Integer> rejections = new HashMap<>();
  private final Map<Integer, Integer> readErrors = new HashMap<>();

  void add(int chunk) {
    if (!wanted.get(chunk)) {
      wanted.set(chunk);
      size++;
      scanFrom = Math.min(scanFrom, chunk);
    }
  }

  /** Takes the lowest wanted chunk; -1 when there is none. */
  int next() {
    int chunk = wanted.nextSetBit(scanFrom);
    if (chunk >= 0) {
      wanted.clear(chunk);
      size--;
      scanFrom = chunk + 1;
    }
    return chunk;
  }

  boolean contains(int chunk) {
    return wanted.get(chunk);
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Counts one more copy of the chunk that failed verification; returns how many so far. */
  int rejected(int chunk) {
    return rejections.merge(chunk, 1, Integer::sum);
  }

  /** Counts one more failed read of the chunk; returns how many so far. */
  int readFailed(int chunk) {
    return readErrors.merge(chunk, 1, Integer::sum);
  }

  /** A chunk fetched again for a new reason starts with a clean record. */
  void forgetFailures(int chunk) {
    rejections.remove(chunk);
    readErrors.remove(chunk);
  }

  /** 0.5 s, 1 s, 2 s, 4 s, then 8 s: gives a flaky link time without stalling for minutes. */
  static long backoffMillis(int failures) {
    return Math.min(
        MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(Math.max(failures - 1, 0), 16));
  }
}
