package dev.drawbridge.transfer;

import dev.drawbridge.content.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An index of placed files kept in memory, as the database one behaves, recording what it was told
 * to forget.
 */
final class MemoryChunkIndex implements ChunkIndex {
  private final Map<String, List<ChunkLocation>> byHash = new ConcurrentHashMap<>();
  final List<ChunkLocation> forgotten = new CopyOnWriteArrayList<>();

  /** Remembers every chunk of a placed file, as the job does after placement. */
  void remember(Path placed, Manifest manifest) throws IOException {
    Path real = placed.toRealPath();
    for (int i = 0; i < manifest.chunkCount(); i++) {
      add(
          manifest.chunks().get(i),
          new ChunkLocation(real, manifest.chunkOffset(i), manifest.chunkLength(i)));
    }
  }

  void add(String hash, ChunkLocation at) {
    byHash.computeIfAbsent(hash, h -> new CopyOnWriteArrayList<>()).add(at);
  }

  @Override
  public BitSet known(List<String> hashes) {
    BitSet bits = new BitSet();
    for (int i = 0; i < hashes.size(); i++) {
      bits.set(i, byHash.containsKey(hashes.get(i)));
    }
    return bits;
  }

  @Override
  public List<ChunkLocation> find(String hash) {
    return new ArrayList<>(byHash.getOrDefault(hash, List.of()));
  }

  @Override
  public void forget(String hash, ChunkLocation at) {
    List<ChunkLocation> places = byHash.get(hash);
    if (places != null && places.remove(at)) {
      forgotten.add(at);
    }
  }
}
