package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest streaming from a host over a real mutual-TLS mesh connection: when the owner revokes the
 * grant, removes the share, or the share's folder disappears, the stream ends within a second with
 * an error (never a clean short file), and the next request is the fixed 404.
 *
 * <p>Each stream is paused by the guest after its first bytes (so however fast this machine is, the
 * host is still mid-answer when the owner acts), then resumed at full speed right after the owner
 * acts: without the cut, the rest of the answer then arrives and ends cleanly.
 */
class RevokeInFlightTest {
  static final long BIG = 300L << 20; // sparse: costs no disk
  static final int CHUNK = 4 << 20;
  static final int BATCH_FILES = 64;
  static final String NOT_FOUND = "{\"error\":\"not_found\",\"message\":\"not found\"}";

  @TempDir Path tmp;
  SharingHost mesh;
  Path folder;
  final Identity guestId = Identity.generate();
  PeerNode guest;

  @BeforeEach
  void shareABigFileWithAGuest() throws Exception {
    folder = Files.createDirectories(tmp.resolve("shared"));
    try (RandomAccessFile f = new RandomAccessFile(folder.resolve("big.bin").toFile(), "rw")) {
      f.setLength(BIG);
    }
    Files.createDirectories(folder.resolve("small"));
    for (int i = 0; i < BATCH_FILES; i++) {
      try (RandomAccessFile f =
          new RandomAccessFile(folder.resolve("small/" + i + ".bin").toFile(), "rw")) {
        f.setLength(1 << 20);
      }
    }
    mesh = new SharingHost(tmp.resolve("data"));
    mesh.catalog.add("docs", folder.toString());
    mesh.catalog.grant("docs", guestId.peerId(), Access.READ);
    guest = mesh.guest(guestId);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void revokeEndsAStreamingDownloadWithinASecond() throws Exception {
    Reading r = read(HttpMethod.GET, "/peer/v1/shares/docs/big.bin", null, null);
    r.pausedAfterFirstBytes();

    mesh.catalog.revoke("docs", guestId.peerId());
    r.resume();

    r.endsWithAnErrorWithinASecond(BIG);
    assertNextRequestIsTheFixed404("/peer/v1/shares/docs/big.bin");
  }

  @Test
  void revokeEndsAChunkReadInFlightAndNoNewChunkIsServed() throws Exception {
    String etag = etag("/peer/v1/shares/docs/big.bin");
    String uri = PeerApiClient.chunkUri("docs", SharePath.parse("big.bin"), 0, CHUNK);
    Reading r =
        read(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap().add("If-Match", etag), null);
    r.pausedAfterFirstBytes();

    mesh.catalog.revoke("docs", guestId.peerId());
    r.resume();

    r.endsWithAnErrorWithinASecond(CHUNK);
    assertNextRequestIsTheFixed404(
        PeerApiClient.chunkUri("docs", SharePath.parse("big.bin"), CHUNK, CHUNK), "If-Match", etag);
  }

  @Test
  void revokeEndsABatchStreamWithinASecond() throws Exception {
    JsonArray files = new JsonArray();
    for (int i = 0; i < BATCH_FILES; i++) {
      files.add("small/" + i + ".bin");
    }
    Buffer body = new JsonObject().put("files", files).toBuffer();
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    Reading r = read(HttpMethod.POST, PeerApiClient.batchUri("docs"), json, body);
    r.pausedAfterFirstBytes();

    mesh.catalog.revoke("docs", guestId.peerId());
    r.resume();

    r.endsWithAnErrorWithinASecond((long) BATCH_FILES << 20);
  }

  @Test
  void removingTheShareEndsItsStreamsWithinASecond() throws Exception {
    Reading r = read(HttpMethod.GET, "/peer/v1/shares/docs/big.bin", null, null);
    r.pausedAfterFirstBytes();

    mesh.catalog.remove("docs");
    r.resume();

    r.endsWithAnErrorWithinASecond(BIG);
    assertNextRequestIsTheFixed404("/peer/v1/shares/docs/big.bin");
  }

  @Test
  void aShareFolderThatDisappearsEndsItsStreamsWithinASecond() throws Exception {
    Reading r = read(HttpMethod.GET, "/peer/v1/shares/docs/big.bin", null, null);
    r.pausedAfterFirstBytes();

    Files.move(folder, tmp.resolve("moved-away")); // open files stay readable: only a check sees it
    r.resume();

    r.endsWithAnErrorWithinASecond(BIG);
    assertNextRequestIsTheFixed404("/peer/v1/shares/docs/big.bin");
  }

  @Test
  void changingReadToReadWriteKeepsTheStreamGoing() throws Exception {
    Reading r =
        read(
            HttpMethod.GET,
            PeerApiClient.chunkUri("docs", SharePath.parse("big.bin"), 0, CHUNK),
            MultiMap.caseInsensitiveMultiMap()
                .add("If-Match", etag("/peer/v1/shares/docs/big.bin")),
            null);
    r.pausedAfterFirstBytes();

    mesh.catalog.grant("docs", guestId.peerId(), Access.READ_WRITE);
    r.resume();

    assertEquals(Boolean.TRUE, r.ended.get(10, TimeUnit.SECONDS));
    assertEquals(CHUNK, r.received.get());
  }

  /** A response read as it arrives, paused once after its first bytes. */
  final class Reading {
    final AtomicLong received = new AtomicLong();
    final CompletableFuture<Boolean> ended = new CompletableFuture<>();
    final CompletableFuture<Integer> paused = new CompletableFuture<>();
    volatile HttpClientResponse response;
    volatile Context context;

    void pausedAfterFirstBytes() throws Exception {
      assertEquals(200, paused.get(10, TimeUnit.SECONDS));
    }

    void resume() {
      context.runOnContext(v -> response.resume());
    }

    /** The received byte count stops growing within a second, short of the whole answer. */
    void endsWithAnErrorWithinASecond(long whole) {
      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(20))
          .until(ended::isDone);
      assertTrue(ended.isCompletedExceptionally(), "the stream ended cleanly: nothing was cut");
      assertTrue(received.get() < whole, "received all " + received.get() + " bytes");
    }
  }

  private Reading read(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    Reading r = new Reading();
    guest
        .client()
        .exchange(
            mesh.peerId(),
            method,
            uri,
            headers,
            body,
            resp -> {
              r.response = resp;
              r.context = Vertx.currentContext();
              resp.handler(
                  b -> {
                    if (r.received.addAndGet(b.length()) >= 64 * 1024 && !r.paused.isDone()) {
                      resp.pause();
                      r.paused.complete(resp.statusCode());
                    }
                  });
              resp.endHandler(v -> r.ended.complete(true));
              resp.exceptionHandler(r.ended::completeExceptionally);
              return Future.succeededFuture();
            })
        .onFailure(
            e -> {
              r.paused.completeExceptionally(e);
              r.ended.completeExceptionally(e);
            });
    return r;
  }

  private String etag(String uri) throws Exception {
    return guest
        .client()
        .exchange(
            mesh.peerId(),
            HttpMethod.HEAD,
            uri,
            null,
            null,
            resp -> Future.succeededFuture(resp.getHeader("ETag")))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private void assertNextRequestIsTheFixed404(String uri, String... headers) throws Exception {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    String answer =
        guest
            .client()
            .exchange(
                mesh.peerId(),
                HttpMethod.GET,
                uri,
                h,
                null,
                resp -> resp.body().map(b -> resp.statusCode() + " " + b))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals("404 " + NOT_FOUND, answer);
  }
}
