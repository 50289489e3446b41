package dev.drawbridge.peerapi;

import dev.drawbridge.upload.PartWriter;
import dev.drawbridge.upload.PeerBudget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/**
 * Streams one request body into a {@link PartWriter}: the body is gathered into batches of {@link
 * #BATCH} bytes, each written off the event loop while the request is paused (so memory per body
 * stays at one batch and a slow disk slows the sender), then paused further when the peer is over
 * its bytes-per-second budget. The end of the body finishes the part; a closed connection, a reset
 * (a revoke) or a refusal aborts it, which cuts the partial back to the verified offset.
 */
final class PartIntake {
  static final int BATCH = 1 << 20;

  private final Vertx vertx;
  private final HttpServerRequest req;
  private final PartWriter writer;
  private final PeerBudget budget;
  private final String peer;
  private final Promise<PartWriter.Outcome> done = Promise.promise();
  private Buffer pending = Buffer.buffer();
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
    in.start();
    return in.done.future();
  }

  private void start() {
    req.handler(
        buf -> {
          if (!over) {
            pending.appendBuffer(buf);
            if (pending.length() >= BATCH) {
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
    Buffer batch = pending;
    pending = Buffer.buffer();
    if (!last) {
      req.pause();
    }
    chain =
        chain.compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      if (batch.length() > 0) {
                        writer.write(batch.getByteBuf().nioBuffer());
                      }
                      return budget.pauseMillis(peer, batch.length());
                    },
                    true));
    chain.onComplete(
        ar -> {
          if (over) {
            return;
          } else if (ar.failed()) {
            fail(ar.cause());
          } else if (last) {
            over = true;
            vertx.executeBlocking(writer::finish, true).onComplete(done);
          } else if (ar.result() > 0) {
            vertx.setTimer(ar.result(), t -> req.resume());
          } else {
            req.resume();
          }
        });
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
