package dev.drawbridge.peerapi;

import dev.drawbridge.content.BatchEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.function.Function;

/**
 * Reads a batch answer ({@link BatchResponder} has the format): a JSON head line per file, then
 * exactly the bytes it announced. Anything else — entries out of order, a head over {@link
 * #MAX_HEAD_BYTES}, a file over the batch limit, extra or missing entries — fails the whole stream
 * as a bad answer. At most {@link #WINDOW} entries, and {@link #WINDOW_BYTES} of file bytes, wait
 * for the sink; beyond that the stream is paused, so memory stays bounded however fast the peer
 * sends. (32 entries at once measured no faster than 8 on loopback.)
 */
final class BatchReader {
  static final int MAX_HEAD_BYTES = 8192;
  static final int WINDOW = 8;
  static final int WINDOW_BYTES = 8 << 20;

  private final int expected;
  private final int maxFileBytes;
  private final Function<BatchEntry, Future<Void>> sink;
  private final Promise<Void> done = Promise.promise();
  private final ReadStream<Buffer> body;
  private final Runnable abandon;
  private Buffer buf = Buffer.buffer();
  private int pos;
  private JsonObject head; // non-null while waiting for this entry's bytes
  private int received;
  private int waiting;
  private long waitingBytes;
  private boolean ended;

  private BatchReader(
      ReadStream<Buffer> body,
      int expected,
      int maxFileBytes,
      Function<BatchEntry, Future<Void>> sink,
      Runnable abandon) {
    this.body = body;
    this.abandon = abandon;
    this.expected = expected;
    this.maxFileBytes = maxFileBytes;
    this.sink = sink;
  }

  /**
   * Reads {@code body} to the end; completes once the sink has taken every one of {@code expected}
   * entries. On any failure (a bad answer, or the sink failing) runs {@code abandon} to drop the
   * rest of the stream.
   */
  static Future<Void> read(
      ReadStream<Buffer> body,
      int expected,
      int maxFileBytes,
      Function<BatchEntry, Future<Void>> sink,
      Runnable abandon) {
    return new BatchReader(body, expected, maxFileBytes, sink, abandon).start();
  }

  private Future<Void> start() {
    body.handler(
        b -> {
          buf.appendBuffer(b);
          parse();
        });
    body.exceptionHandler(this::fail);
    body.endHandler(
        v -> {
          ended = true;
          parse();
        });
    return done.future();
  }

  /** Takes every complete entry out of the buffer, unless the sink has enough on its hands. */
  private void parse() {
    while (!done.future().isComplete() && !full()) {
      if (head == null) {
        int nl = newline();
        if (nl < 0) {
          if (buf.length() - pos > MAX_HEAD_BYTES) {
            fail(bad("a batch entry head is longer than " + MAX_HEAD_BYTES + " bytes"));
          }
          break;
        }
        Buffer line = buf.getBuffer(pos, nl);
        pos = nl + 1;
        if (!onHead(line)) {
          return;
        }
      } else {
        int size = head.getInteger("size");
        if (buf.length() - pos < size) {
          break;
        }
        JsonObject h = head;
        head = null;
        Buffer bytes = buf.getBuffer(pos, pos + size);
        pos += size;
        deliver(
            BatchEntry.file(h.getInteger("i"), bytes, h.getString("etag"), h.getString("sha256")));
      }
    }
    if (pos > 0 && (pos == buf.length() || pos > (256 << 10))) {
      buf = buf.getBuffer(pos, buf.length()); // drop what was consumed; keeps the buffer small
      pos = 0;
    }
    if (ended && !full() && !done.future().isComplete()) {
      if (head != null || received < expected || pos < buf.length()) {
        fail(
            received < expected || head != null
                ? new PeerApiException(
                    502,
                    "short_read",
                    "the batch ended after " + received + " of " + expected + " files")
                : bad("trailing bytes after the last file"));
      } else {
        maybeDone();
      }
    }
  }

  private int newline() {
    int limit = Math.min(buf.length(), pos + MAX_HEAD_BYTES + 1);
    for (int i = pos; i < limit; i++) {
      if (buf.getByte(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Handles one head line; false when the stream was refused. */
  private boolean onHead(Buffer line) {
    JsonObject h;
    try {
      h = new JsonObject(line);
    } catch (RuntimeException e) {
      fail(bad("a batch entry head is not JSON"));
      return false;
    }
    Object i = h.getValue("i");
    if (!(i instanceof Integer index) || index != received || received >= expected) {
      fail(bad("batch entries out of order"));
      return false;
    }
    if (h.getValue("error") instanceof String error) {
      deliver(
          BatchEntry.refused(index, error, h.getValue("message") instanceof String m ? m : null));
      return true;
    }
    Object size = h.getValue("size");
    if (!(size instanceof Integer n)
        || n < 0
        || n > maxFileBytes
        || !(h.getValue("etag") instanceof String)
        || !(h.getValue("sha256") instanceof String)) {
      fail(bad("a batch entry head is malformed"));
      return false;
    }
    head = h;
    return true;
  }

  private boolean full() {
    return waiting >= WINDOW || waitingBytes >= WINDOW_BYTES;
  }

  private void deliver(BatchEntry e) {
    long bytes = e.ok() ? e.bytes().length() : 0;
    received++;
    waiting++;
    waitingBytes += bytes;
    if (full()) {
      body.pause();
    }
    Future<Void> taken;
    try {
      taken = sink.apply(e);
    } catch (RuntimeException ex) {
      taken = Future.failedFuture(ex);
    }
    taken.onComplete(
        ar -> {
          boolean wasFull = full();
          waiting--;
          waitingBytes -= bytes;
          if (ar.failed()) {
            fail(ar.cause());
            return;
          }
          if (wasFull && !full()) {
            parse(); // what is buffered already, before asking for more
            if (!ended) {
              body.resume();
            }
          } else {
            maybeDone();
          }
        });
  }

  private void maybeDone() {
    if (ended && waiting == 0 && received == expected) {
      done.tryComplete();
    }
  }

  private void fail(Throwable e) {
    if (done.future().isComplete()) {
      return;
    }
    body.handler(null);
    body.exceptionHandler(null);
    body.endHandler(null);
    abandon.run();
    done.tryFail(e);
  }

  private static PeerApiException bad(String why) {
    return new PeerApiException(502, "bad_batch", "the peer sent a bad batch: " + why);
  }
}
