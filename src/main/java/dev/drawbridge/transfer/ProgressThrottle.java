package dev.drawbridge.transfer;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Coalesces progress so that a fast download does not flood a WebSocket or a UI: at most one event
 * per {@link #INTERVAL_MILLIS}, the latest value delivered by a trailing timer, and one final
 * event. Confined to the download's context (the timer fires there too).
 */
final class ProgressThrottle {
  static final long INTERVAL_MILLIS = 250;
  private static final Logger LOG = Logger.getLogger(ProgressThrottle.class);

  private final Vertx vertx;
  private final FileDownload.Listener listener;
  private long size;
  private long latest;
  private long lastEmitNanos;
  private boolean emittedOnce;
  private long timer = -1;
  private boolean closed;

  ProgressThrottle(Vertx vertx, FileDownload.Listener listener) {
    this.vertx = vertx;
    this.listener = listener;
  }

  void update(long bytesVerified, long totalSize) {
    latest = bytesVerified;
    size = totalSize;
    if (closed) {
      return;
    }
    long sinceLast = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastEmitNanos);
    if (!emittedOnce || sinceLast >= INTERVAL_MILLIS) {
      emit();
    } else if (timer < 0) {
      timer =
          vertx.setTimer(
              INTERVAL_MILLIS - sinceLast,
              id -> {
                timer = -1;
                if (!closed) {
                  emit();
                }
              });
    }
  }

  /** The last event: always delivered, and nothing comes after it. */
  void finish(long bytesVerified, long totalSize) {
    close();
    latest = bytesVerified;
    size = totalSize;
    deliver();
  }

  void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void emit() {
    emittedOnce = true;
    lastEmitNanos = System.nanoTime();
    deliver();
  }

  private void deliver() {
    try {
      listener.progress(latest, size);
    } catch (RuntimeException e) {
      // A broken progress display must not break the download that it displays.
      LOG.warnf(e, "progress listener failed");
    }
  }
}
