package dev.drawbridge.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerTrust;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.SharePath;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A body cut short, a dropped connection, a stop: the send resumes at the verified offset. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadResumeTest {
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

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  @Test
  void aDroppedConnectionMidPartResumesFromTheVerifiedOffset() throws Exception {
    byte[] data = random(3 << 20, 1);
    Path local = tmp.resolve("drop.bin");
    Files.write(local, data);
    String loc = peer.create("inbox", "drop.bin", data.length).header("Location");
    assertEquals(
        204, peer.patch(loc, 0, Arrays.copyOfRange(data, 0, 1 << 20), null, false, null).status());
    try (SSLSocket s =
        (SSLSocket)
            guestId.sslContext(PeerTrust.pinned(mesh.peerId())).getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress("127.0.0.1", mesh.host.meshPort()), 10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("PATCH "
                  + loc
                  + " HTTP/1.1\r\nHost: peer\r\nUpload-Offset: 1048576\r\nUpload-Complete: ?0\r\n"
                  + "Content-Digest: sha-256=:"
                  + UploadPeer.sha256(Arrays.copyOfRange(data, 1 << 20, 2 << 20))
                  + ":\r\nContent-Length: 1048576\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(data, 1 << 20, 700_000); // then the link drops
      out.flush();
    }
    AtomicInteger seen = new AtomicInteger();
    UploadClient.Result r =
        await(
            guest
                .uploads()
                .sendFile(
                    mesh.peerId(),
                    "inbox",
                    SharePath.parse("drop.bin"),
                    local,
                    loc,
                    n -> {
                      if (seen.get() == 0) {
                        seen.set((int) n);
                      }
                    },
                    () -> false));
    assertEquals(201, r.status());
    assertEquals(1 << 20, seen.get(), "resumed at the verified offset, not the bytes received");
    assertArrayEquals(data, Files.readAllBytes(inbox.resolve("drop.bin")));
  }

  @Test
  void aStoppedSendResumesLaterFromWhereItStopped() throws Exception {
    byte[] data = random(40 << 20, 2);
    Path local = tmp.resolve("stop.bin");
    Files.write(local, data);
    AtomicInteger parts = new AtomicInteger();
    UploadClient.Stopped stopped =
        assertThrows(
            UploadClient.Stopped.class,
            () ->
                await(
                    guest
                        .uploads()
                        .sendFile(
                            mesh.peerId(),
                            "inbox",
                            SharePath.parse("stop.bin"),
                            local,
                            null,
                            n -> parts.incrementAndGet(),
                            () -> parts.get() >= 1)));
    // The part already queued behind the first is still answered: the stop comes after it.
    assertEquals(0, stopped.offset() % UploadClient.DEFAULT_PART, "stopped at a part boundary");
    assertTrue(
        stopped.offset() > 0 && stopped.offset() < data.length, "stopped: " + stopped.offset());
    assertTrue(!Files.exists(inbox.resolve("stop.bin")));
    UploadClient.Result r =
        await(
            guest
                .uploads()
                .sendFile(
                    mesh.peerId(),
                    "inbox",
                    SharePath.parse("stop.bin"),
                    local,
                    stopped.location(),
                    n -> {},
                    () -> false));
    assertEquals(201, r.status());
    assertArrayEquals(data, Files.readAllBytes(inbox.resolve("stop.bin")));
  }
}
