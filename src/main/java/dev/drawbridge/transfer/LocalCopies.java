package dev.drawbridge.transfer;

import java.util.Objects;

/**
 * What a download may copy chunks from instead of fetching them (dedup), in this order: chunks
 * verified earlier in the same job ({@code recent}: the same file, then the job's other files),
 * then files placed by earlier jobs ({@code placed}). Shared by the downloads of one job.
 */
public record LocalCopies(RecentChunks recent, ChunkIndex placed) {
  public LocalCopies {
    Objects.requireNonNull(recent);
    Objects.requireNonNull(placed);
  }

  /** Only the download's own file: repeated chunks inside it are fetched once. */
  public static LocalCopies ownFileOnly() {
    return new LocalCopies(new RecentChunks(), ChunkIndex.NONE);
  }
}
