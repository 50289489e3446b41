package dev.drawbridge.peerapi;

import static dev.drawbridge.peerapi.SharedFolder.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.content.Manifest;
import dev.drawbridge.mesh.DirectTransport;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.mesh.PeerDialer;
import dev.drawbridge.mesh.Route;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.PeerChunkSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The receiving side against the running host: polling for manifests, exact ranges, If-Match. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkReadsTest {
  @Inject Vertx vertx;
  SharedFolder folder;
  PeerDialer dialer;
  ChunkReads client;

  @BeforeEach
  void dialTheHostAsTheGrantedPeer() throws Exception {
    if (folder != null) {
      return;
    }
    folder = new SharedFolder();
    dialer =
        new PeerDialer(
            List.of(
                new DirectTransport(
                    vertx,
                    folder.granted,
                    p -> List.of(new PeerAddress("127.0.0.1", folder.meshPort)),
                    Route.Kind.DIRECT)));
    client = new ChunkReads(vertx, new PeerApiClient(dialer));
  }

  @AfterAll
  void hangUp() {
    dialer.close();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> f) {
    return assertThrows(ExecutionException.class, () -> await(f)).getCause();
  }

  @Test
  void pollsUntilTheHostHasHashedTheFile() throws Exception {
    byte[] bytes = folder.write("polled.bin", 5 * MIB / 2, 11);

    Manifest m = await(client.manifest(folder.host, folder.share, SharePath.parse("polled.bin")));

    assertEquals(SharedFolder.chunkHashes(bytes, MIB), m.chunks());
    assertEquals(SharedFolder.digest(bytes), m.digest());
    assertEquals(bytes.length, m.size());
  }

  @Test
  void givesUpWhenTheHostIsStillHashingAfterTheMaximumWait() throws Exception {
    folder.write("slow.bin", 9 * MIB, 12); // above the inline limit: the first answer is a 202
    ChunkReads impatient = new ChunkReads(vertx, new PeerApiClient(dialer), Duration.ZERO);

    Throwable e =
        failure(impatient.manifest(folder.host, folder.share, SharePath.parse("slow.bin")));

    assertEquals("timeout", assertInstanceOf(PeerApiException.class, e).code());
  }

  @Test
  void aManifestRequestForWhatIsNotGrantedFailsWithTheHostsError() throws Exception {
    Throwable e = failure(client.manifest(folder.host, "no-such-share", SharePath.ROOT.child("x")));
    assertEquals(404, assertInstanceOf(PeerApiException.class, e).status());
  }

  @Test
  void readsExactlyTheRangeOfTheVersionAsked() throws Exception {
    byte[] bytes = folder.write("ranged.bin", 3 * MIB, 13);
    Manifest m = await(client.manifest(folder.host, folder.share, SharePath.parse("ranged.bin")));

    var chunk =
        await(
            client.readChunk(
                folder.host, folder.share, SharePath.parse("ranged.bin"), MIB, MIB, m.etag()));

    assertArrayEquals(Arrays.copyOfRange(bytes, MIB, 2 * MIB), chunk.getBytes());
  }

  @Test
  void failsWithFileChangedWhenTheHostHasAnotherVersion() throws Exception {
    folder.write("stale.bin", 100, 14);
    Throwable e =
        failure(
            client.readChunk(
                folder.host, folder.share, SharePath.parse("stale.bin"), 0, 10, "\"64-1-1\""));
    assertInstanceOf(FileChangedException.class, e);
  }

  @Test
  void refusesARangeTheHostCannotServeInFull() throws Exception {
    folder.write("short.bin", 100, 15);
    String etag =
        folder
            .as(folder.granted, "HEAD", "/peer/v1/shares/" + folder.share + "/short.bin")
            .header("ETag");
    // Bytes 90-109 of a 100-byte file: the chunk resource refuses rather than send fewer bytes.
    Throwable e =
        failure(
            client.readChunk(
                folder.host, folder.share, SharePath.parse("short.bin"), 90, 20, etag));
    assertEquals("bad_chunk", assertInstanceOf(PeerApiException.class, e).code());
  }

  @Test
  void aPeerChunkSourceDeliversChunksThatMatchTheirHashes() throws Exception {
    byte[] bytes = folder.write("source.bin", 5 * MIB / 2, 16);
    PeerChunkSource source =
        new PeerChunkSource(client, folder.host, folder.share, SharePath.parse("source.bin"));

    Manifest m = await(source.manifest());
    for (int i = 0; i < m.chunkCount(); i++) {
      byte[] chunk = await(source.read(m.chunkOffset(i), m.chunkLength(i), m.etag())).getBytes();
      String hash =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(MessageDigest.getInstance("SHA-256").digest(chunk));
      assertEquals(m.chunks().get(i), hash, "chunk " + i);
    }
    assertEquals(
        bytes.length, m.chunkOffset(m.chunkCount() - 1) + m.chunkLength(m.chunkCount() - 1));
  }

  @Test
  void readsRetryAfterInSecondsWithinBounds() {
    assertEquals(1000, ChunkReads.retryAfterMs(null));
    assertEquals(3000, ChunkReads.retryAfterMs("3"));
    assertEquals(1000, ChunkReads.retryAfterMs("0"));
    assertEquals(ChunkReads.MAX_RETRY_AFTER_MS, ChunkReads.retryAfterMs("86400"));
    assertEquals(1000, ChunkReads.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT"));
  }
}
