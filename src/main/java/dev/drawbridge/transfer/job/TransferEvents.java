package dev.drawbridge.transfer.job;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/** Fan-out of transfer events to every open WebSocket and event stream, in order, with a bounded backlog each. */
@ApplicationScoped
public class TransferEvents {
  private final BroadcastProcessor<TransferEvent> processor = BroadcastProcessor.create();

  /** Serialized: a processor must never see two onNext calls at once (events would be lost). */
  synchronized void publish(TransferEvent e) {
    processor.onNext(e);
  }

  /**
   * A live stream of events from now on. A subscriber that falls more than {@link #BACKLOG} events
   * behind loses its stream (it reconnects and reads the current state from the API) rather than
   * silently missing a final state.
   */
  public Multi<TransferEvent> stream() {
    return processor.onOverflow().buffer(BACKLOG);
  }

  static final int BACKLOG = 4096;
}
