package dev.drawbridge.peerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.BatchEntry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatchReaderTest {
  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() {
    VERTX.close();
  }

  /** A ReadStream fed by the test, honouring pause/resume like an HTTP response. */
  static final class Feed implements ReadStream<Buffer> {
    private Handler<Buffer> handler;
    private Handler<Void> end;
    private Handler<Throwable> error;
    private final List<Buffer> pending = new ArrayList<>();
    private boolean paused;
    private boolean ended;

    void push(Buffer b) {
      pending.add(b);
      drain();
    }

    void end() {
      ended = true;
      drain();
    }

    private void drain() {
      while (!paused && !pending.isEmpty()) {
        handler.handle(pending.remove(0));
      }
      if (!paused && pending.isEmpty() && ended && end != null) {
        Handler<Void> e = end;
        end = null;
        e.handle(null);
      }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      error = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused = true;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused = false;
      drain();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return resume();
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      end = h;
      return this;
    }
  }

  private static Buffer entry(int i, byte[] bytes) {
    return Buffer.buffer(
            "{\"i\":"
                + i
                + ",\"size\":"
                + bytes.length
                + ",\"etag\":\"\\\"e\\\"\",\"sha256\":\"x\"}\n")
        .appendBytes(bytes);
  }

  @Test
  void readsEntriesSplitAnywhereAcrossBuffersAndSlowSinks() throws Exception {
    Buffer all = Buffer.buffer();
    int n = 40;
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[i * 97];
      java.util.Arrays.fill(
          b, (byte) '\n'); // newlines inside file bytes must not confuse the parser
      all.appendBuffer(
          i == 7
              ? Buffer.buffer("{\"i\":7,\"error\":\"not_found\",\"message\":\"not found\"}\n")
              : entry(i, b));
    }
    Feed feed = new Feed();
    List<BatchEntry> got = new ArrayList<>();
    List<Promise<Void>> slow = new ArrayList<>();
    Promise<Void> result = Promise.promise();
    VERTX.runOnContext(
        v -> {
          BatchReader.read(
                  feed,
                  n,
                  1 << 20,
                  e -> {
                    got.add(e);
                    Promise<Void> p = Promise.promise();
                    slow.add(p);
                    VERTX.setTimer(1, t -> p.complete());
                    return p.future();
                  },
                  () -> {})
              .onComplete(result);
          for (int at = 0; at < all.length(); at += 333) {
            feed.push(all.getBuffer(at, Math.min(all.length(), at + 333)));
          }
          feed.end();
        });
    result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(n, got.size());
    for (int i = 0; i < n; i++) {
      assertEquals(i, got.get(i).index());
      if (i == 7) {
        assertEquals("not_found", got.get(i).error());
      } else {
        assertEquals(i * 97, got.get(i).bytes().length());
      }
    }
  }

  @Test
  void refusesBadStreams() throws Exception {
    record Case(String name, Buffer body, int expected, String error) {}
    List<Case> cases =
        List.of(
            new Case(
                "head_too_long",
                Buffer.buffer("{\"i\":0,\"x\":\"" + "a".repeat(9000) + "\"}\n"),
                1,
                "longer than"),
            new Case("out_of_order", entry(1, new byte[3]), 2, "out of order"),
            new Case("file_over_limit", entry(0, new byte[100]), 1, "malformed"),
            new Case("not_json", Buffer.buffer("hello\n"), 1, "not JSON"),
            new Case(
                "too_many_entries",
                entry(0, new byte[1]).appendBuffer(entry(1, new byte[1])),
                1,
                "out of order"),
            new Case("short_stream", entry(0, new byte[1]), 2, "ended after 1 of 2"),
            new Case("truncated_body", entry(0, new byte[50]).getBuffer(0, 60), 1, "ended after"));
    for (Case c : cases) {
      Feed feed = new Feed();
      boolean[] abandoned = {false};
      Promise<Void> result = Promise.promise();
      VERTX.runOnContext(
          v -> {
            BatchReader.read(
                    feed,
                    c.expected(),
                    64,
                    e -> Future.succeededFuture(),
                    () -> abandoned[0] = true)
                .onComplete(result);
            feed.push(c.body());
            feed.end();
          });
      Throwable failure =
          result
              .future()
              .toCompletionStage()
              .toCompletableFuture()
              .handle((ok, e) -> e)
              .get(10, TimeUnit.SECONDS);
      assertNotNull(failure, c.name());
      assertTrue(failure.getMessage().contains(c.error()), c.name() + ": " + failure.getMessage());
      assertTrue(
          abandoned[0] || c.name().contains("short") || c.name().contains("truncated"),
          c.name() + " abandons the stream");
    }
  }
}
