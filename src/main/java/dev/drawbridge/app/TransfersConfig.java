package dev.drawbridge.app;

import dev.drawbridge.peerapi.coding.Compression;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Downloads and chunk reads (drawbridge.transfers.*, e.g. DRAWBRIDGE_TRANSFERS_DOWNLOAD_DIR). */
@ConfigMapping(prefix = "drawbridge.transfers")
public interface TransfersConfig {
  /** Where "Download to this computer" puts files unless the owner picks another folder. */
  @WithDefault("${user.home}/Downloads/Drawbridge")
  Path downloadDir();

  /** A folder with more files than this is refused before anything is fetched. */
  @WithDefault("100000")
  int maxFiles();

  /** A folder deeper than this is refused before anything is fetched. */
  @WithDefault("32")
  int maxDepth();

  /** Total download speed cap in bytes per second; 0 = as fast as the path allows. */
  @WithDefault("0")
  long maxBytesPerSecond();

  /**
   * zstd on chunk reads, both ways: {@code auto} asks for it when receiving and, when serving,
   * compresses a chunk only where that saves at least 10 % (never for known compressed formats);
   * {@code off} never does. Measurements behind the default: docs/benchmarks.md.
   */
  @WithDefault("auto")
  Compression compression();

  /** zstd level when serving: -7..-1 (faster) or 1..9 (smaller); 1 measured as the sweet spot. */
  @WithDefault("1")
  int compressionLevel();
}
