package dev.drawbridge.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.upload.Upload;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Two real peers over the TLS mesh: the guest sends files into a READ_WRITE share of the host. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadAcrossPeersTest {
  @TempDir static Path tmp;
  SharingHost mesh;
  PeerNode guest;
  Path inbox;
  final Identity guestId = Identity.generate();

  @BeforeAll
  void start() throws Exception {
    inbox = Files.createDirectories(tmp.resolve("inbox"));
    mesh = new SharingHost(tmp.resolve("data"));
    mesh.catalog.add("inbox", inbox.toString());
    mesh.catalog.grant("inbox", guestId.peerId(), Access.READ_WRITE);
    guest = mesh.guest(guestId);
  }

  @AfterAll
  void stop() {
    mesh.close();
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  UploadClient client() {
    return guest.uploads();
  }

  @Test
  void sendsA20MegabyteFileByteIdenticalInParts() throws Exception {
    byte[] data = random(20 << 20, 1);
    Path local = tmp.resolve("big.bin");
    Files.write(local, data);
    AtomicLong seen = new AtomicLong();
    UploadClient.Result r =
        await(
            client()
                .sendFile(
                    mesh.peerId(),
                    "inbox",
                    SharePath.parse("in/big.bin"),
                    local,
                    null,
                    seen::set,
                    () -> false));
    assertEquals(201, r.status());
    assertNotNull(r.etag());
    assertArrayEquals(data, Files.readAllBytes(inbox.resolve("in/big.bin")));
    assertEquals(data.length, seen.get());
    assertNoPartials();
  }

  @Test
  void putsASmallFileInOneRequest() throws Exception {
    byte[] data = random(1000, 2);
    UploadClient.Result r =
        await(
            client()
                .put(
                    mesh.peerId(),
                    "inbox",
                    SharePath.parse("small.txt"),
                    Buffer.buffer(data),
                    null));
    assertEquals(201, r.status());
    assertEquals("/peer/v1/shares/inbox/small.txt", r.location());
    assertArrayEquals(data, Files.readAllBytes(inbox.resolve("small.txt")));
  }

  @Test
  void resumableCreateHeadPatchAndCancel() throws Exception {
    byte[] data = random(3000, 3);
    SharePath p = SharePath.parse("parts.bin");
    UploadClient.Created c =
        await(client().create(mesh.peerId(), "inbox", p, data.length, null, null));
    assertEquals(0, c.offset());
    assertTrue(c.location().startsWith("/peer/v1/uploads/"));
    UploadClient.Result first =
        await(
            client()
                .append(
                    mesh.peerId(),
                    c.location(),
                    0,
                    Buffer.buffer(data).slice(0, 1000),
                    false,
                    null));
    assertEquals(204, first.status());
    assertEquals(1000L, await(client().offset(mesh.peerId(), c.location())));
    assertFalse(Files.exists(inbox.resolve("parts.bin")), "nothing visible before the last part");
    UploadClient.Result last =
        await(
            client()
                .append(
                    mesh.peerId(),
                    c.location(),
                    1000,
                    Buffer.buffer(data).slice(1000, 3000),
                    true,
                    null));
    assertEquals(201, last.status());
    assertArrayEquals(data, Files.readAllBytes(inbox.resolve("parts.bin")));

    UploadClient.Created cancelled =
        await(client().create(mesh.peerId(), "inbox", SharePath.parse("gone.bin"), 10, null, null));
    await(client().cancel(mesh.peerId(), cancelled.location()));
    PeerApiException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            PeerApiException.class,
            () -> await(client().offset(mesh.peerId(), cancelled.location())));
    assertEquals(404, e.status());
    assertNoPartials();
  }

  void assertNoPartials() throws Exception {
    Path partials = inbox.resolve(Upload.FOLDER);
    if (Files.exists(partials)) {
      try (Stream<Path> s = Files.list(partials)) {
        assertEquals(0, s.count(), "no partial file left");
      }
    }
  }
}
