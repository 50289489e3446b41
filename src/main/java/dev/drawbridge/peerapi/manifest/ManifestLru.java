package dev.drawbridge.peerapi.manifest;

import dev.drawbridge.content.Manifest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The most recently used manifests, bounded by count and by an estimate of their heap size: one 100
 * GB file has ~100,000 chunk hashes (~10 MB on the heap), so a count alone could exhaust memory. A
 * manifest larger than the whole budget is not kept here (the store still has it).
 */
final class ManifestLru {
  /** Heap cost of one chunk hash: a 43-character String (~88 bytes) plus its list slot. */
  static final long BYTES_PER_CHUNK = 96;

  static final long BYTES_PER_MANIFEST = 512;

  private final LinkedHashMap<FileVersion, Manifest> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final int maxEntries;
  private final long maxBytes;
  private long bytes;

  ManifestLru(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  static long weight(Manifest m) {
    return BYTES_PER_MANIFEST + BYTES_PER_CHUNK * m.chunkCount();
  }

  synchronized Optional<Manifest> get(FileVersion version) {
    return Optional.ofNullable(entries.get(version));
  }

  synchronized void put(FileVersion version, Manifest manifest) {
    long w = weight(manifest);
    if (w > maxBytes) {
      return;
    }
    Manifest old = entries.put(version, manifest);
    bytes += w - (old == null ? 0 : weight(old));
    Iterator<Map.Entry<FileVersion, Manifest>> eldest = entries.entrySet().iterator();
    while ((bytes > maxBytes || entries.size() > maxEntries) && eldest.hasNext()) {
      bytes -= weight(eldest.next().getValue());
      eldest.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long bytes() {
    return bytes;
  }
}
