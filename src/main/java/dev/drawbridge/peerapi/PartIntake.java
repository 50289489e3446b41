package dev.drawbridge.peerapi;

import dev.drawbridge.upload.PartWriter;
import dev.drawbridge.upload.PeerBudget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one request body into a {@link PartWriter}: the body's buffers are gathered into batches
 * of {@link #BATCH} bytes (no copying: the batch is the list of received buffers), each written off
 * the event loop in order while the next batch is received. The request is paused only when {@link
 * #QUEUED} bytes wait for the disk (memory per body stays at a few batches and a slow disk slows
 * the sender) or when the peer is over its bytes-per-second budget. The end of the body finishes
 * the part; a closed connection, a reset (a revoke) or a refusal aborts it, which cuts the partial
 * back to the verified offset.
 */
final class PartIntake {
  static final int BATCH = 1 << 20;

  /** Bytes handed to the writer and not yet written before the body is paused. */
  static final int QUEUED = 4 * BATCH;

  private final Vertx vertx;
  private final HttpServerRequest req;
  private final PartWriter writer;
  private final PeerBudget budget;
  private final String peer;
  private final Promise<PartWriter.Outcome> done = Promise.promise();
  private List<ByteBuffer> pending = new ArrayList<>();
  private int pendingBytes;
  private long queued; // handed to the writer, not yet written
  private long throttledUntil = System.nanoTime(); // the body stays paused before this
  private Future<Long> chain = Future.succeededFuture(0L);
  private boolean over;

  private PartIntake(
      Vertx vertx, HttpServerRequest req, PartWriter writer, PeerBudget budget, String peer) {
    this.vertx = vertx;
    this.req = req;
    this.writer = writer;
    this.budget = budget;
    this.peer = peer;
  }

  /** Reads the (paused) request's body into {@code writer}; call on the request's event loop. */
  static Future<PartWriter.Outcome> run(
      Vertx vertx,
      HttpServerRequest req,
      PartWriter writer,
      PeerBudget budget,
      String peer,
      InFlight.Flight flight) {
    PartIntake in = new PartIntake(vertx, req, writer, budget, peer);
    if (flight != null) {
      flight.streaming(); // a revoke now resets the connection: the body stops at once
      if (flight.isCut()) {
        in.fail(new IOException("revoked"));
        return in.done.future();
      }
    }
    if (req.response().closed()) { // it went away while its part waited for the one ahead
      in.fail(new IOException("connection closed"));
      return in.done.future();
    }
    in.start();
    return in.done.future();
  }

  private void start() {
    req.handler(
        buf -> {
          if (!over) {
            pending.add(buf.getByteBuf().nioBuffer());
            pendingBytes += buf.length();
            if (pendingBytes >= BATCH) {
              flush(false);
            }
          }
        });
    req.endHandler(
        v -> {
          if (!over) {
            flush(true);
          }
        });
    req.exceptionHandler(this::fail);
    req.response().closeHandler(v -> fail(new IOException("connection closed")));
    req.resume();
  }

  private void flush(boolean last) {
    ByteBuffer[] batch = pending.toArray(ByteBuffer[]::new);
    int bytes = pendingBytes;
    pending = new ArrayList<>();
    pendingBytes = 0;
    queued += bytes;
    if (!last && queued >= QUEUED) {
      req.pause(); // the disk is behind: let TCP slow the sender down
    }
    chain =
        chain.compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      if (bytes > 0) {
                        writer.write(batch);
                      }
                      return budget.pauseMillis(peer, bytes);
                    },
                    false));
    chain.onComplete(
        ar -> {
          queued -= bytes;
          if (over) {
            return;
          } else if (ar.failed()) {
            fail(ar.cause());
          } else if (last) {
            over = true;
            vertx.executeBlocking(writer::finish, false).onComplete(done);
          } else {
            if (ar.result() > 0) {
              throttledUntil = System.nanoTime() + ar.result() * 1_000_000;
              req.pause();
              vertx.setTimer(ar.result(), t -> resumeIfDue());
            }
            resumeIfDue();
          }
        });
  }

  /** Resumes the body unless the disk is still behind or the peer's rate says wait. */
  private void resumeIfDue() {
    if (!over && queued < QUEUED && System.nanoTime() - throttledUntil >= 0) {
      req.resume();
    }
  }

  private void fail(Throwable e) {
    if (over) {
      return;
    }
    over = true;
    // Whatever still arrives is read and dropped, so an error answer can reach the sender.
    req.handler(b -> {});
    req.endHandler(v -> {});
    req.resume();
    chain.onComplete(
        x ->
            vertx
                .executeBlocking(
                    () -> {
                      writer.abort();
                      return null;
                    },
                    true)
                .onComplete(y -> done.tryFail(e)));
  }
}
