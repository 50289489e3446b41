package dev.drawbridge.transfer.failure;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Asks the disk what is wrong after a write failed with a bare IOException (no space and a
 * read-only file system have no exception type of their own). Blocks briefly on file system
 * metadata.
 */
@FunctionalInterface
public interface DiskProbe {
  /** Below this much free space a failed write is taken for a full disk. */
  long NEARLY_FULL_BYTES = 1 << 20;

  DiskProblem problemAt(Path folder);

  DiskProbe SYSTEM =
      folder -> {
        Path at = folder == null ? null : folder.toAbsolutePath();
        while (at != null && !Files.exists(at)) {
          at = at.getParent();
        }
        if (at == null) {
          return DiskProblem.PATH;
        }
        try {
          FileStore store = Files.getFileStore(at);
          if (store.isReadOnly()) {
            return DiskProblem.READ_ONLY;
          }
          if (store.getUsableSpace() < NEARLY_FULL_BYTES) {
            return DiskProblem.NO_SPACE;
          }
          return Files.isWritable(at) ? DiskProblem.OTHER : DiskProblem.PERMISSION;
        } catch (IOException e) {
          return DiskProblem.OTHER;
        }
      };
}
