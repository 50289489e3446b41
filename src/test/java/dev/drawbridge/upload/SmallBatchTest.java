package dev.drawbridge.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.share.UploadRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group of a batch upload: checked like PUTs, counted against quota together, nothing half. */
class SmallBatchTest {
  @TempDir Path root;

  private final ArrivalLog arrivals = ArrivalLog.inMemory();
  private final Uploads uploads =
      new Uploads(UploadStore.inMemory(), arrivals, p -> "\"e\"", Clock.systemUTC());

  private static SmallBatch.Item item(String path, String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    return new SmallBatch.Item(path, b, hex);
  }

  @Test
  void placesEachFileWithItsFoldersAndLogsEveryArrival() throws Exception {
    List<SmallBatch.Settled> out =
        uploads
            .batch()
            .place(
                "peer",
                root,
                "s",
                new UploadRules(false, 0, 0, 0, 0),
                List.of(item("a/b/1.txt", "one"), item("a/2.txt", "two"), item("3.txt", "three")),
                () -> false);
    assertTrue(out.stream().allMatch(SmallBatch.Settled::placed), out.toString());
    assertArrayEquals("one".getBytes(), Files.readAllBytes(root.resolve("a/b/1.txt")));
    assertArrayEquals("three".getBytes(), Files.readAllBytes(root.resolve("3.txt")));
    assertEquals(new ArrivalLog.Usage(11, 3), arrivals.usage("s"));
    try (Stream<Path> left = Files.list(root.resolve(Upload.FOLDER))) {
      assertEquals(0, left.count(), "no partial file is left behind");
    }
  }

  @Test
  void quotaCountsTheGroupsEarlierFilesAndAWrongDigestPlacesNothing() throws Exception {
    SmallBatch.Item bad =
        new SmallBatch.Item("bad.txt", "bytes".getBytes(), "00".repeat(32)); // not their sha-256
    List<SmallBatch.Settled> out =
        uploads
            .batch()
            .place(
                "peer",
                root,
                "s",
                new UploadRules(false, 0, 0, 2, 0),
                List.of(item("1.txt", "x"), bad, item("2.txt", "y"), item("3.txt", "z")),
                () -> false);
    assertTrue(out.get(0).placed());
    assertEquals(UploadRefusal.Reason.DIGEST_MISMATCH, out.get(1).refusal().reason());
    assertFalse(Files.exists(root.resolve("bad.txt")));
    assertTrue(out.get(2).placed());
    assertEquals(UploadRefusal.Reason.QUOTA_EXCEEDED, out.get(3).refusal().reason());
    assertFalse(Files.exists(root.resolve("3.txt")));
    assertEquals(2, arrivals.usage("s").files());
  }

  @Test
  void neverReplacesAndARevokeBeforeTheLinkPlacesNothing() throws Exception {
    Files.writeString(root.resolve("taken.txt"), "mine");
    List<SmallBatch.Settled> out =
        uploads
            .batch()
            .place(
                "peer",
                root,
                "s",
                new UploadRules(false, 0, 0, 0, 0),
                List.of(item("taken.txt", "theirs")),
                () -> false);
    assertEquals(UploadRefusal.Reason.EXISTS, out.get(0).refusal().reason());
    assertEquals("mine", Files.readString(root.resolve("taken.txt")));
    List<SmallBatch.Settled> cut =
        uploads
            .batch()
            .place(
                "peer",
                root,
                "s",
                new UploadRules(false, 0, 0, 0, 0),
                List.of(item("later.txt", "x")),
                () -> true);
    assertFalse(cut.get(0).placed());
    assertNull(cut.get(0).etag());
    assertFalse(Files.exists(root.resolve("later.txt")));
  }
}
