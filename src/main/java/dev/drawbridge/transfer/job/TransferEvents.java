package dev.drawbridge.transfer.job;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/** Fan-out of transfer events to every open WebSocket and event stream; nothing is buffered for slow readers. */
@ApplicationScoped
public class TransferEvents {
  private final BroadcastProcessor<TransferEvent> processor = BroadcastProcessor.create();

  void publish(TransferEvent e) {
    processor.onNext(e);
  }

  /** A live stream of events from now on; a subscriber that cannot keep up loses old progress, not the stream. */
  public Multi<TransferEvent> stream() {
    return processor.onOverflow().drop();
  }
}
