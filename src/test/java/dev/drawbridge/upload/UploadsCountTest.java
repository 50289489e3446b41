package dev.drawbridge.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.UploadRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one peer may hold here: at most 64 unfinished uploads; cancelling frees a place. */
class UploadsCountTest {
  @TempDir Path root;

  @Test
  void aPeerHoldsAtMost64UnfinishedUploads() throws Exception {
    Uploads uploads =
        new Uploads(UploadStore.inMemory(), ArrivalLog.inMemory(), p -> "\"e\"", Clock.systemUTC());
    UploadRules rules = new UploadRules(false, 0, 0, 0, 0);
    Upload first = null;
    for (int i = 0; i < Uploads.MAX_UNFINISHED_PER_PEER; i++) {
      Upload u =
          uploads.create(
              "greedy",
              new UploadTarget(root, SharePath.parse("f" + i), "s", rules),
              1,
              null,
              null,
              true);
      first = first == null ? u : first;
    }
    UploadTarget next = new UploadTarget(root, SharePath.parse("one-more"), "s", rules);
    UploadRefusal r =
        assertThrows(
            UploadRefusal.class, () -> uploads.create("greedy", next, 1, null, null, true));
    assertEquals(UploadRefusal.Reason.TOO_MANY_UPLOADS, r.reason());
    assertTrue(
        uploads.create("other", next, 1, null, null, true) != null, "another peer is not affected");
    uploads.remove(first);
    assertTrue(!Files.exists(first.partial()));
    Upload again =
        uploads.create(
            "greedy",
            new UploadTarget(root, SharePath.parse("again"), "s", rules),
            1,
            null,
            null,
            true);
    assertTrue(uploads.find("greedy", again.id()).isPresent());
  }
}
