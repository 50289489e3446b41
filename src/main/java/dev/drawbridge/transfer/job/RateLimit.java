package dev.drawbridge.transfer.job;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.transfer.BatchSource;
import dev.drawbridge.transfer.ChunkSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The owner's download speed cap, shared by every transfer: each chunk read waits for its turn so
 * the total stays under the limit (0 = unlimited). Reads are delayed, never buffered.
 */
final class RateLimit {
  private final Vertx vertx;
  private final long bytesPerSecond;
  private long nextFreeNanos = System.nanoTime();

  RateLimit(Vertx vertx, long bytesPerSecond) {
    this.vertx = vertx;
    this.bytesPerSecond = bytesPerSecond;
  }

  ChunkSource wrap(ChunkSource source) {
    if (bytesPerSecond <= 0) {
      return source;
    }
    return new ChunkSource() {
      @Override
      public Future<Manifest> manifest() {
        return source.manifest();
      }

      @Override
      public Future<Buffer> read(long offset, int length, String etag) {
        return turn(length).compose(v -> source.read(offset, length, etag));
      }
    };
  }

  /** Each file of a batch waits for its turn before it is written; the stream pauses meanwhile. */
  BatchSource wrap(BatchSource source) {
    if (bytesPerSecond <= 0) {
      return source;
    }
    return (paths, sink) ->
        source.fetch(paths, e -> turn(e.ok() ? e.bytes().length() : 0).compose(v -> sink.apply(e)));
  }

  private Future<Void> turn(int bytes) {
    long waitMs;
    synchronized (this) {
      long now = System.nanoTime();
      long start = Math.max(now, nextFreeNanos);
      nextFreeNanos = start + bytes * 1_000_000_000L / bytesPerSecond;
      waitMs = (start - now) / 1_000_000;
    }
    if (waitMs <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(waitMs, t -> p.complete());
    return p.future();
  }
}
