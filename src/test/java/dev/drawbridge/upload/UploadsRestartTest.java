package dev.drawbridge.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.UploadRules;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's uploads across a restart (a new {@link Uploads} over the same store): partials cut
 * back to the recorded offset, kept bytes re-checked against the part digests before appending,
 * idle ones expired.
 */
class UploadsRestartTest {
  @TempDir Path root;
  final UploadStore store = UploadStore.inMemory();
  final ArrivalLog arrivals = ArrivalLog.inMemory();
  final byte[] data = new byte[3000];

  {
    new Random(7).nextBytes(data);
  }

  Uploads uploads(Clock clock) {
    return new Uploads(store, arrivals, p -> "\"e\"", clock);
  }

  UploadTarget target(String path) throws Exception {
    return new UploadTarget(
        root, SharePath.parse(path), "inbox", new UploadRules(false, 0, 0, 0, 0));
  }

  static PartWriter.Outcome send(Uploads u, Upload up, int from, byte[] all, int to)
      throws Exception {
    byte[] part = Arrays.copyOfRange(all, from, to);
    PartWriter w = u.begin(up, from, part.length, sha(part), to == all.length, null);
    w.write(ByteBuffer.wrap(part));
    return w.finish();
  }

  static String sha(byte[] b) throws Exception {
    return DigestField.base64(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void resumesFromTheVerifiedOffsetAfterARestart() throws Exception {
    Uploads before = uploads(Clock.systemUTC());
    Upload up = before.create("peer", target("f.bin"), data.length, null, null, true);
    send(before, up, 0, data, 1000);
    send(before, up, 1000, data, 2000);
    // Unverified bytes past the offset, as a crash mid-part leaves them.
    Files.write(up.partial(), new byte[500], java.nio.file.StandardOpenOption.APPEND);

    Uploads after = uploads(Clock.systemUTC());
    after.restore();
    Upload again = after.find("peer", up.id()).orElseThrow();
    assertEquals(2000, again.offset());
    assertEquals(2000, Files.size(again.partial()), "cut back to the recorded offset");
    assertTrue(after.find("other", up.id()).isEmpty(), "only its sender sees it");
    PartWriter.Outcome done = send(after, again, 2000, data, 3000);
    assertTrue(done.complete());
    assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
    assertEquals(1, arrivals.usage("inbox").files());
    assertTrue(store.all().isEmpty());
  }

  @Test
  void keptBytesThatFailTheirDigestAreDroppedBeforeAppending() throws Exception {
    Uploads before = uploads(Clock.systemUTC());
    Upload up = before.create("peer", target("g.bin"), data.length, null, null, true);
    send(before, up, 0, data, 1000);
    send(before, up, 1000, data, 2000);
    try (RandomAccessFile f = new RandomAccessFile(up.partial().toFile(), "rw")) {
      f.seek(1500);
      f.write(data[1500] ^ 1); // the disk changed a verified byte
    }
    Uploads after = uploads(Clock.systemUTC());
    after.restore();
    Upload again = after.find("peer", up.id()).orElseThrow();
    UploadRefusal r = assertThrows(UploadRefusal.class, () -> send(after, again, 2000, data, 3000));
    assertEquals(UploadRefusal.Reason.OFFSET_MISMATCH, r.reason());
    assertEquals(1000, r.offset(), "back to the last part that still verifies");
    assertEquals(1000, again.offset());
    send(after, again, 1000, data, 2000);
    assertTrue(send(after, again, 2000, data, 3000).complete());
    assertArrayEquals(data, Files.readAllBytes(root.resolve("g.bin")));
  }

  @Test
  void idleUploadsExpireWithTheirPartials() throws Exception {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Uploads u = uploads(Clock.fixed(now, ZoneOffset.UTC));
    Upload up = u.create("peer", target("h.bin"), 10, null, null, true);
    assertEquals(0, u.sweep());
    Uploads later =
        uploads(
            Clock.fixed(now.plus(Uploads.IDLE_EXPIRY).plus(Duration.ofMinutes(1)), ZoneOffset.UTC));
    later.restore();
    assertTrue(later.find("peer", up.id()).isEmpty());
    assertTrue(!Files.exists(up.partial()));
    assertTrue(store.all().isEmpty());
  }
}
