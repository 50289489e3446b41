package dev.drawbridge.transfer;

import java.util.Locale;

/**
 * Where one download's chunks came from: copied from bytes already on this computer (dedup) or
 * fetched from the host. Chunks verified before a restart count as neither.
 */
public record ChunkTally(int reusedChunks, long reusedBytes, int fetchedChunks, long fetchedBytes) {
  public static final ChunkTally NONE = new ChunkTally(0, 0, 0, 0);

  /** For the owner: "chunks fetched: 2 (2.0 MiB), reused from local copies: 7 (7.0 MiB)". */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "chunks fetched: %d (%.1f MiB), reused from local copies: %d (%.1f MiB)",
        fetchedChunks,
        mib(fetchedBytes),
        reusedChunks,
        mib(reusedBytes));
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
