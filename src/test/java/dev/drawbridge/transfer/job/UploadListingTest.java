package dev.drawbridge.transfer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.transfer.failure.KnownFailureException;
import dev.drawbridge.transfer.failure.TransferFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local walk of an upload job: what it sends, what it never follows, where it stops. */
class UploadListingTest {
  @TempDir Path dir;

  @Test
  void listsFilesAndEmptyFoldersSortedAndNeverFollowsLinks() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(Files.createDirectories(src.resolve("b/c")).resolve("z.txt"), "z");
    Files.writeString(src.resolve("a.txt"), "a");
    Files.createDirectories(src.resolve("empty"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not sent");
    Files.createSymbolicLink(src.resolve("link-dir"), outside);
    Files.createSymbolicLink(src.resolve("link-file"), outside.resolve("secret.txt"));

    UploadListing.Local l = UploadListing.walk(src, 100, 10);

    assertEquals(List.of(Path.of("a.txt"), Path.of("b/c/z.txt")), l.files());
    assertEquals(List.of(Path.of("empty")), l.emptyFolders());
  }

  @Test
  void failsBeforeSendingAnythingWhenOverTheLimits() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    for (int i = 0; i < 3; i++) {
      Files.writeString(src.resolve("f" + i), "x");
    }
    Files.writeString(Files.createDirectories(src.resolve("1/2/3")).resolve("deep.txt"), "d");

    KnownFailureException many =
        assertThrows(KnownFailureException.class, () -> UploadListing.walk(src, 3, 10));
    assertEquals(
        TransferFailure.OverLimit.Limit.TOO_MANY_FILES,
        assertInstanceOf(TransferFailure.OverLimit.class, many.failure()).limit());
    KnownFailureException deep =
        assertThrows(KnownFailureException.class, () -> UploadListing.walk(src, 100, 3));
    assertEquals(
        TransferFailure.OverLimit.Limit.TOO_DEEP,
        assertInstanceOf(TransferFailure.OverLimit.class, deep.failure()).limit());
  }
}
