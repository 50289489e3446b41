package dev.drawbridge.peerapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.MeshServer;
import dev.drawbridge.peerapi.coding.ChunkCoding;
import dev.drawbridge.peerapi.coding.Compression;
import dev.drawbridge.peerapi.coding.TextSamples;
import dev.drawbridge.peerapi.coding.ZstdCodec;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.GrantTable;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4 over real mutual TLS (no Quarkus): a READ peer that repeats a zstd chunk request
 * costs one compression, and compression beyond a peer's budget is skipped, never refused.
 */
class ChunkBudgetTest {
  static final int MIB = 1024 * 1024;
  final Vertx vertx = Vertx.vertx();
  final Identity host = Identity.generate();
  final Identity reader = Identity.generate();
  @TempDir Path dir;
  MeshServer mesh;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  void serve(ChunkCoding coding) throws Exception {
    GrantTable grants =
        GrantTable.of(List.of(new GrantTable.Row(reader.peerId(), "logs", dir, Access.READ)));
    mesh =
        new MeshServer(
            vertx, host, "127.0.0.1", 0, new PeerApi(vertx, host, grants, manifests(), coding));
    mesh.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  dev.drawbridge.peerapi.manifest.ManifestCache manifests() {
    return new dev.drawbridge.peerapi.manifest.ManifestCache(
        vertx, dev.drawbridge.peerapi.manifest.ManifestStore.NONE);
  }

  Response chunk(String name, long offset, int length, String etag) {
    return MeshClient.as(reader, host.peerId(), mesh.actualPort())
        .header("If-Match", etag)
        .header("Accept-Encoding", "zstd")
        .get("/peer/v1/chunks/logs/" + name + "?offset=" + offset + "&length=" + length);
  }

  String etag(String name) {
    return MeshClient.as(reader, host.peerId(), mesh.actualPort())
        .head("/peer/v1/shares/logs/" + name)
        .header("ETag");
  }

  @Test
  void aReadPeerLoopingTheSameCompressibleChunkCostsOneCompression() throws Exception {
    ChunkCoding coding = new ChunkCoding(Compression.AUTO, ChunkCoding.DEFAULT_LEVEL);
    serve(coding);
    byte[] text = TextSamples.logLines(4 * MIB, 7);
    Files.write(dir.resolve("big.log"), text);
    String etag = etag("big.log");

    for (int i = 0; i < 10; i++) {
      Response r = chunk("big.log", 0, 4 * MIB, etag);
      assertEquals(200, r.statusCode());
      assertEquals("zstd", r.header("Content-Encoding"));
      byte[] frame = r.asByteArray();
      assertArrayEquals(text, ZstdCodec.decompress(frame, frame.length, 4 * MIB));
    }
    assertEquals(1, coding.stats().tried(), "one compression; the other nine were cache hits");
  }

  @Test
  void chunksOverThePeersCompressionBudgetAreServedUncompressed() throws Exception {
    // A budget of 2 MiB of compression input and (almost) no refill: the third 1 MiB chunk is over.
    ChunkCoding coding =
        new ChunkCoding(
            Compression.AUTO,
            ChunkCoding.DEFAULT_LEVEL,
            new ChunkCoding.Budget(2, 1, 2 * MIB, ChunkCoding.Budget.DEFAULT.cacheBytes()));
    serve(coding);
    byte[] text = TextSamples.logLines(4 * MIB, 8);
    Files.write(dir.resolve("big.log"), text);
    String etag = etag("big.log");

    for (int i = 0; i < 4; i++) {
      Response r = chunk("big.log", (long) i * MIB, MIB, etag);
      assertEquals(200, r.statusCode(), "over budget is never refused");
      byte[] body = r.asByteArray();
      byte[] expected = Arrays.copyOfRange(text, i * MIB, (i + 1) * MIB);
      if (i < 2) {
        assertEquals("zstd", r.header("Content-Encoding"));
        assertArrayEquals(expected, ZstdCodec.decompress(body, body.length, MIB));
      } else {
        assertNull(r.header("Content-Encoding"), "chunk " + i + " is over the budget");
        assertArrayEquals(expected, body);
      }
    }
    assertEquals(2, coding.stats().tried());
    assertEquals(2, coding.stats().overBudget());
  }
}
