package dev.drawbridge.transfer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chunks verified during one job, kept in memory: earlier chunks of the same file and chunks of the
 * job's other files, in their partial files or, once placed, under their final names. Thread-safe
 * and never blocks, so a download can ask it for every chunk on its event loop. Bounded: beyond
 * {@link #CAPACITY} distinct hashes the oldest are forgotten (a miss only costs a fetch), and at
 * most {@link #PER_HASH} places are kept per hash.
 */
public final class RecentChunks {
  /** 16 Ki hashes (16 GiB of distinct 1 MiB chunks) is a few MiB of heap. */
  static final int CAPACITY = 16_384;

  static final int PER_HASH = 2;

  private final Map<String, List<ChunkLocation>> byHash;

  public RecentChunks() {
    this(CAPACITY);
  }

  RecentChunks(int capacity) {
    this.byHash =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, List<ChunkLocation>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** {@code at} now holds verified bytes hashing to {@code hash}. */
  public synchronized void add(String hash, ChunkLocation at) {
    List<ChunkLocation> places = byHash.computeIfAbsent(hash, h -> new ArrayList<>(PER_HASH));
    if (places.size() < PER_HASH && !places.contains(at)) {
      places.add(at);
    }
  }

  /** Places that held bytes hashing to {@code hash}, oldest first. */
  public synchronized List<ChunkLocation> find(String hash) {
    List<ChunkLocation> places = byHash.get(hash);
    return places == null ? List.of() : List.copyOf(places);
  }

  public synchronized void forget(String hash, ChunkLocation at) {
    List<ChunkLocation> places = byHash.get(hash);
    if (places != null && places.remove(at) && places.isEmpty()) {
      byHash.remove(hash);
    }
  }

  /**
   * A partial file was placed under its final name (a hard link or a move): its chunks are there
   * now.
   */
  public synchronized void moved(Path from, Path to) {
    for (List<ChunkLocation> places : byHash.values()) {
      places.replaceAll(
          at -> at.file().equals(from) ? new ChunkLocation(to, at.offset(), at.length()) : at);
    }
  }

  synchronized int size() {
    return byHash.size();
  }
}
