package dev.drawbridge.peerapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.DirectTransport;
import dev.drawbridge.mesh.MeshServer;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.mesh.PeerDialer;
import dev.drawbridge.mesh.Route;
import dev.drawbridge.peerapi.coding.ChunkCoding;
import dev.drawbridge.peerapi.coding.Compression;
import dev.drawbridge.peerapi.coding.TextSamples;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host from before {@code /peer/v1/chunks} (simulated: the CDI-free PeerApi behind a handler that
 * answers that resource with the usual 404) still serves downloads, by Range.
 */
class OlderHostTest {
  static final int MIB = 1 << 20;
  @TempDir Path dir;
  Vertx vertx;
  MeshServer host;
  PeerDialer dialer;
  final Identity hostId = Identity.generate();
  final Identity me = Identity.generate();
  final AtomicInteger chunkRequests = new AtomicInteger();

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void startAnOlderHost() throws Exception {
    vertx = Vertx.vertx();
    GrantedShare share = new GrantedShare("pub", dir, Access.READ);
    ShareAccess access =
        new ShareAccess() {
          public List<GrantedShare> sharesFor(dev.drawbridge.identity.PeerId peer) {
            return peer.equals(me.peerId()) ? List.of(share) : List.of();
          }

          public Optional<GrantedShare> share(dev.drawbridge.identity.PeerId peer, String name) {
            return sharesFor(peer).stream().filter(s -> s.name().equals(name)).findFirst();
          }
        };
    PeerApi api =
        new PeerApi(
            vertx,
            hostId,
            access,
            new ManifestCache(vertx, ManifestStore.NONE),
            new ChunkCoding(Compression.AUTO, ChunkCoding.DEFAULT_LEVEL));
    host =
        new MeshServer(
            vertx,
            hostId,
            "127.0.0.1",
            0,
            (caller, req) -> {
              if (req.path().startsWith("/peer/v1/chunks/")) {
                chunkRequests.incrementAndGet();
                ApiError.NOT_FOUND.send(req.response(), null);
              } else {
                api.handle(caller, req);
              }
            });
    await(host.start());
    dialer =
        new PeerDialer(
            List.of(
                new DirectTransport(
                    vertx,
                    me,
                    p -> List.of(new PeerAddress("127.0.0.1", host.actualPort())),
                    Route.Kind.DIRECT)));
  }

  @AfterEach
  void stop() throws Exception {
    dialer.close();
    await(host.stop());
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void readsByRangeAndAsksTheChunkResourceOnlyOnce() throws Exception {
    byte[] text = TextSamples.logLines(3 * MIB, 1);
    Files.write(dir.resolve("old.log"), text);
    ChunkReads client = new ChunkReads(vertx, new PeerApiClient(dialer));
    SharePath path = SharePath.parse("old.log");
    Manifest m = await(client.manifest(hostId.peerId(), "pub", path));

    for (int i = 0; i < m.chunkCount(); i++) {
      byte[] got =
          await(
                  client.readChunk(
                      hostId.peerId(), "pub", path, m.chunkOffset(i), m.chunkLength(i), m.etag()))
              .getBytes();
      assertArrayEquals(Arrays.copyOfRange(text, i * MIB, (i + 1) * MIB), got, "chunk " + i);
    }

    assertEquals(1, chunkRequests.get());
    assertEquals(0, client.wireStats().codedChunks());
    assertEquals(text.length, client.wireStats().wireBytes());
  }

  @Test
  void aMissingFileIsStillA404AndDoesNotMarkTheHostAsOlder() throws Exception {
    ChunkReads client = new ChunkReads(vertx, new PeerApiClient(dialer));
    SharePath path = SharePath.parse("gone.log");

    var e =
        assertThrows(
            ExecutionException.class,
            () -> await(client.readChunk(hostId.peerId(), "pub", path, 0, 10, "\"1\"")));
    assertEquals(404, assertInstanceOf(PeerApiException.class, e.getCause()).status());
    assertThrows(
        ExecutionException.class,
        () -> await(client.readChunk(hostId.peerId(), "pub", path, 0, 10, "\"1\"")));

    assertEquals(2, chunkRequests.get(), "asked the chunk resource both times");
  }
}
