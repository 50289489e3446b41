package dev.drawbridge.relay;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies bytes both ways between the two sockets of a circuit. Back-pressure: when one side's write
 * queue is full the other side is paused until it drains, so a slow reader makes the relay hold at
 * most one write queue per direction, never an unbounded buffer. Either side closing, the byte cap
 * or the duration cap ends both.
 */
final class Splice {

  private final Vertx vertx;
  private final NetSocket source;
  private final NetSocket target;
  private final long maxBytes;
  private final AtomicLong toTargetTotal;
  private final AtomicLong fromTargetTotal;
  private final Runnable onEnd;
  private long bytesToTarget;
  private long bytesFromTarget;
  private long durationTimer = -1;
  private boolean ended;
  private Refusal endReason;

  Splice(
      Vertx vertx,
      NetSocket source,
      NetSocket target,
      long maxBytes,
      AtomicLong toTargetTotal,
      AtomicLong fromTargetTotal,
      Runnable onEnd) {
    this.vertx = vertx;
    this.source = source;
    this.target = target;
    this.maxBytes = maxBytes;
    this.toTargetTotal = toTargetTotal;
    this.fromTargetTotal = fromTargetTotal;
    this.onEnd = onEnd;
  }

  /** Starts copying; bytes that arrived with a preamble are passed on first. */
  void start(Buffer sourceEarly, Buffer targetEarly, long maxDurationMillis) {
    source.closeHandler(v -> end(null));
    target.closeHandler(v -> end(null));
    // Errors (resets) are followed by a close, which ends the splice.
    source.exceptionHandler(e -> {});
    target.exceptionHandler(e -> {});
    source.handler(data -> forward(data, source, target, true));
    target.handler(data -> forward(data, target, source, false));
    durationTimer = vertx.setTimer(maxDurationMillis, id -> end(Refusal.CIRCUIT_DURATION));
    if (sourceEarly.length() > 0) {
      forward(sourceEarly, source, target, true);
    }
    if (targetEarly.length() > 0) {
      forward(targetEarly, target, source, false);
    }
    source.resume();
    target.resume();
  }

  long bytesToTarget() {
    return bytesToTarget;
  }

  long bytesFromTarget() {
    return bytesFromTarget;
  }

  /** Why the relay cut the circuit, or null if an endpoint closed it. */
  Refusal endReason() {
    return endReason;
  }

  private void forward(Buffer data, NetSocket from, NetSocket to, boolean towardsTarget) {
    if (ended) {
      return;
    }
    int n = data.length();
    if (towardsTarget) {
      bytesToTarget += n;
      toTargetTotal.addAndGet(n);
    } else {
      bytesFromTarget += n;
      fromTargetTotal.addAndGet(n);
    }
    if (bytesToTarget + bytesFromTarget > maxBytes) {
      end(Refusal.CIRCUIT_BYTES);
      return;
    }
    to.write(data);
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }

  private void end(Refusal reason) {
    if (ended) {
      return;
    }
    ended = true;
    endReason = reason;
    vertx.cancelTimer(durationTimer);
    source.close();
    target.close();
    onEnd.run();
  }
}
