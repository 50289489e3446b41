package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerTrust;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.UploadRules;
import dev.drawbridge.upload.PeerLimits;
import dev.drawbridge.upload.Upload;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up mid-upload (a real 16 MB tmpfs) gives 507 with nothing visible and no
 * partial left; the per-peer limits from the owner's settings give 429 and slow a sender down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadDiskAndPeerLimitsTest {
  @TempDir static Path tmp;
  SharingHost mesh;
  PeerNode guest;
  UploadPeer peer;
  Path small;
  boolean mounted;
  final Identity guestId = Identity.generate();

  @BeforeAll
  void start() throws Exception {
    small = Files.createDirectories(tmp.resolve("small"));
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small.toString())
            .redirectErrorStream(true)
            .start();
    mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    Path inbox = Files.createDirectories(tmp.resolve("inbox"));
    mesh = new SharingHost(tmp.resolve("data"));
    mesh.catalog.add("small", small.toString());
    mesh.catalog.add("inbox", inbox.toString());
    mesh.catalog.grant("small", guestId.peerId(), Access.READ_WRITE);
    mesh.catalog.grant("inbox", guestId.peerId(), Access.READ_WRITE);
    mesh.rules.put("small", new UploadRules(false, 0, 0, 0, 0));
    guest = mesh.guest(guestId);
    peer = new UploadPeer(guest, mesh.peerId());
  }

  @AfterAll
  void stop() throws Exception {
    mesh.close();
    if (mounted) {
      new ProcessBuilder("umount", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDiskFullMidUploadIs507WithNothingLeft() throws Exception {
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root): disk-full test skipped");
    byte[] data = new byte[10 << 20];
    new Random(1).nextBytes(data);
    String loc = peer.create("small", "big.bin", data.length).header("Location");
    assertTrue(loc != null, "10 MB fit when the upload was created");
    Files.write(small.resolve("someone-else.bin"), new byte[10 << 20]); // the disk fills meanwhile
    UploadPeer.Answer a = peer.patch(loc, 0, data, null, true, null);
    assertEquals(507, a.status(), a.body());
    assertTrue(a.body().contains("insufficient_storage"), a.body());
    assertFalse(Files.exists(small.resolve("big.bin")), "nothing visible");
    try (Stream<Path> s = Files.list(small.resolve(Upload.FOLDER))) {
      assertEquals(0, s.count(), "no partial left");
    }
    assertEquals(-404, peer.offset(loc), "the upload is gone");
    Files.delete(small.resolve("someone-else.bin"));
    UploadPeer.Answer tooBig = peer.put("small", "huge.bin", new byte[8 << 20]);
    assertEquals(201, tooBig.status(), "space again after the other file went: " + tooBig.body());
  }

  @Test
  void theOwnersPerPeerLimitsRefuseAndThrottle() throws Exception {
    mesh.hostSettings.put(PeerLimits.CONCURRENT_SETTING, "1");
    String loc = peer.create("inbox", "held.bin", 8 << 20).header("Location");
    try (SSLSocket s =
        (SSLSocket)
            guestId.sslContext(PeerTrust.pinned(mesh.peerId())).getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress("127.0.0.1", mesh.host.meshPort()), 10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("PATCH "
                  + loc
                  + " HTTP/1.1\r\nHost: peer\r\nUpload-Offset: 0\r\nContent-Digest: sha-256=:"
                  + UploadPeer.sha256(new byte[4 << 20])
                  + ":\r\nContent-Length: 4194304\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[2 << 20]); // a body in flight holds the peer's only slot
      out.flush();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> peer.put("inbox", "second.txt", new byte[3]).status() == 429);
      UploadPeer.Answer refused = peer.put("inbox", "third.txt", new byte[3]);
      assertEquals("1", refused.header("Retry-After"));
      assertTrue(refused.body().contains("too_many_uploads"), refused.body());
    }
    mesh.hostSettings.put(PeerLimits.CONCURRENT_SETTING, "4");
    mesh.hostSettings.put(PeerLimits.RATE_SETTING, Long.toString(4 << 20));
    byte[] data = new byte[12 << 20];
    new Random(2).nextBytes(data);
    Path local = tmp.resolve("slow.bin");
    Files.write(local, data);
    // Settings are re-read every couple of seconds: wait until a 2 MiB probe is visibly paced.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              long start = System.nanoTime();
              int status = peer.put("inbox", "probe-" + start, new byte[2 << 20]).status();
              return status == 201 && System.nanoTime() - start >= 300_000_000L;
            });
    long t0 = System.nanoTime();
    UploadAcrossPeersTest.await(
        guest
            .uploads()
            .sendFile(
                mesh.peerId(),
                "inbox",
                SharePath.parse("slow.bin"),
                local,
                null,
                n -> {},
                () -> false));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    mesh.hostSettings.put(PeerLimits.RATE_SETTING, "0");
    assertTrue(ms >= 2000, "12 MB at 4 MB/s took " + ms + " ms");
    assertArrayEquals(data, Files.readAllBytes(tmp.resolve("inbox/slow.bin")));
  }
}
