package dev.drawbridge.transfer.job;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Fan-out of transfer events to every subscriber (WebSocket, event stream), each in order, with a
 * bounded backlog each: publishing never waits for a subscriber. A subscriber that falls more than
 * {@link #BACKLOG} events behind is dropped (it reconnects and reads the current state from the
 * API) rather than silently missing a final state.
 */
public final class TransferEvents {
  private static final Logger LOG = Logger.getLogger(TransferEvents.class);
  public static final int BACKLOG = 4096;

  private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
  // Deliveries run here, one drain at a time per subscriber; a slow subscriber only delays itself.
  private final ExecutorService delivery =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "drawbridge-transfer-events");
            t.setDaemon(true);
            return t;
          });

  public void publish(TransferEvent e) {
    for (Subscriber s : subscribers) {
      s.offer(e);
    }
  }

  /** Events from now on; close the returned handle to stop. */
  public AutoCloseable subscribe(Consumer<TransferEvent> onEvent) {
    return subscribe(onEvent, () -> {});
  }

  /**
   * As {@link #subscribe(Consumer)}; {@code onDropped} runs once if the subscriber fell too far
   * behind.
   */
  public AutoCloseable subscribe(Consumer<TransferEvent> onEvent, Runnable onDropped) {
    Subscriber s = new Subscriber(onEvent, onDropped);
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }

  /** Stops delivering (at shutdown). */
  public void close() {
    subscribers.clear();
    delivery.shutdownNow();
  }

  private final class Subscriber {
    private final Consumer<TransferEvent> onEvent;
    private final Runnable onDropped;
    private final Queue<TransferEvent> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean dropped;

    Subscriber(Consumer<TransferEvent> onEvent, Runnable onDropped) {
      this.onEvent = onEvent;
      this.onDropped = onDropped;
    }

    void offer(TransferEvent e) {
      if (dropped) {
        return;
      }
      if (pending.incrementAndGet() > BACKLOG) {
        dropped = true;
        subscribers.remove(this);
        backlog.clear();
        LOG.infof("a transfer event subscriber fell %d events behind and was dropped", BACKLOG);
        delivery.execute(onDropped);
        return;
      }
      backlog.add(e);
      if (draining.compareAndSet(false, true)) {
        delivery.execute(this::drain);
      }
    }

    private void drain() {
      while (true) {
        TransferEvent e;
        while (!dropped && (e = backlog.poll()) != null) {
          pending.decrementAndGet();
          try {
            onEvent.accept(e);
          } catch (RuntimeException ex) {
            LOG.debugf("a transfer event subscriber failed: %s", ex.getMessage());
          }
        }
        draining.set(false);
        // An event offered after the poll above but before the flag cleared would wait forever.
        if (dropped || backlog.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }
}
