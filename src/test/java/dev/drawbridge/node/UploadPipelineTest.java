package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerTrust;
import dev.drawbridge.share.Access;
import dev.drawbridge.upload.DigestField;
import dev.drawbridge.upload.Upload;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PATCH that starts where the part being written ends waits for it (a queue of one per upload)
 * instead of being refused: it goes on once that part is committed, or learns the offset that part
 * left behind when it failed. The part ahead is sent by hand on a raw TLS socket so the test holds
 * it open as long as it likes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadPipelineTest {
  static final int PART = 2 << 20;

  @TempDir static Path tmp;
  SharingHost mesh;
  PeerNode guest;
  UploadPeer peer;
  Path inbox;
  final Identity guestId = Identity.generate();

  @BeforeAll
  void start() throws Exception {
    inbox = Files.createDirectories(tmp.resolve("inbox"));
    mesh = new SharingHost(tmp.resolve("data"));
    mesh.catalog.add("inbox", inbox.toString());
    mesh.catalog.grant("inbox", guestId.peerId(), Access.READ_WRITE);
    guest = mesh.guest(guestId);
    peer = new UploadPeer(guest, mesh.peerId());
  }

  @AfterAll
  void stop() {
    mesh.close();
  }

  @Test
  void aPatchQueuedBehindTheOpenPartGoesOnWhenThatPartIsCommitted() throws Exception {
    byte[] data = random(2 * PART, 1);
    String loc = peer.create("inbox", "queued.bin", data.length).header("Location");
    try (HeldPart first = new HeldPart(loc, 0, Arrays.copyOfRange(data, 0, PART), null)) {
      Future<UploadPeer.Answer> second =
          patchAsync(loc, PART, Arrays.copyOfRange(data, PART, 2 * PART), true);
      awaitQueued();
      UploadPeer.Answer third = peer.patch(loc, PART, new byte[] {1}, null, false, null);
      assertEquals(409, third.status(), "only one part waits: " + third.body());
      assertTrue(third.body().contains("upload_busy"), third.body());
      assertFalse(second.isComplete(), "the queued part waits for the one ahead");

      assertTrue(first.finish().startsWith("HTTP/1.1 204"));
      UploadPeer.Answer placed = second.toCompletionStage().toCompletableFuture().get(30, SECONDS);
      assertEquals(201, placed.status(), placed.body());
    }
    assertArrayEquals(data, Files.readAllBytes(inbox.resolve("queued.bin")));
  }

  @Test
  void aPatchQueuedBehindAPartThatFailsGetsTheGoodOffset() throws Exception {
    byte[] data = random(2 * PART, 2);
    String loc = peer.create("inbox", "failed.bin", data.length).header("Location");
    String wrong = UploadPeer.sha256(new byte[] {42});
    try (HeldPart first = new HeldPart(loc, 0, Arrays.copyOfRange(data, 0, PART), wrong)) {
      Future<UploadPeer.Answer> second =
          patchAsync(loc, PART, Arrays.copyOfRange(data, PART, 2 * PART), true);
      awaitQueued();
      assertFalse(second.isComplete(), "the queued part waits for the one ahead");

      String answer = first.finish();
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      UploadPeer.Answer refused = second.toCompletionStage().toCompletableFuture().get(30, SECONDS);
      assertEquals(409, refused.status(), refused.body());
      assertTrue(refused.body().contains("offset_mismatch"), refused.body());
      assertEquals("0", refused.header("Upload-Offset"));
    }
    assertEquals(0, peer.offset(loc), "nothing unverified was kept");
    assertEquals(
        204, peer.patch(loc, 0, Arrays.copyOfRange(data, 0, PART), null, false, null).status());
  }

  static final TimeUnit SECONDS = TimeUnit.SECONDS;

  private void awaitQueued() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> mesh.host.incomingUploads().all().stream().anyMatch(Upload::partWaiting));
  }

  /** A PATCH sent without waiting for its answer. */
  private Future<UploadPeer.Answer> patchAsync(String loc, long offset, byte[] part, boolean done) {
    MultiMap h =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/partial-upload")
            .add("Upload-Offset", Long.toString(offset))
            .add("Upload-Complete", done ? "?1" : "?0")
            .add("Content-Digest", DigestField.of(UploadPeer.sha256(part)));
    return guest
        .client()
        .exchange(
            mesh.peerId(),
            HttpMethod.PATCH,
            loc,
            h,
            Buffer.buffer(part),
            r ->
                r.body()
                    .map(b -> new UploadPeer.Answer(r.statusCode(), r.headers(), b.toString())));
  }

  /**
   * A PATCH whose body is sent but for its last byte, on a raw socket: the host holds that part
   * open until {@link #finish}. Construction returns once the host has written a batch of it.
   */
  private final class HeldPart implements AutoCloseable {
    private final SSLSocket socket;
    private final byte[] part;

    HeldPart(String loc, long offset, byte[] part, String digest) throws Exception {
      this.part = part;
      socket =
          (SSLSocket)
              guestId.sslContext(PeerTrust.pinned(mesh.peerId())).getSocketFactory().createSocket();
      socket.connect(new InetSocketAddress("127.0.0.1", mesh.host.meshPort()), 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PATCH "
                  + loc
                  + " HTTP/1.1\r\nHost: peer\r\nUpload-Offset: "
                  + offset
                  + "\r\nUpload-Complete: ?0\r\nContent-Digest: sha-256=:"
                  + (digest == null ? UploadPeer.sha256(part) : digest)
                  + ":\r\nContent-Length: "
                  + part.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(part, 0, part.length - 1);
      out.flush();
      Path partial =
          inbox
              .resolve(".drawbridge-uploads")
              .resolve(loc.substring(loc.lastIndexOf('/') + 1) + ".partial");
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(partial) >= (1 << 20));
    }

    /** Sends the last byte; the host's status line and headers. */
    String finish() throws Exception {
      OutputStream out = socket.getOutputStream();
      out.write(part, part.length - 1, 1);
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        head.append((char) c);
      }
      return head.toString();
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
