package dev.drawbridge.web;

import dev.drawbridge.transfer.job.TransferEvent;
import dev.drawbridge.transfer.job.TransferEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/**
 * The web layer's one tap on transfer events: the JSON stream, the JSON socket and the UI's live
 * channel all listen here, so how {@link TransferEvents} hands events out is known in this class only.
 */
@ApplicationScoped
public class TransferFeed {
  @Inject TransferEvents events;

  /** Events from now on, for the SSE stream (a subscriber too far behind loses its stream and reconnects). */
  Multi<TransferEvent> stream() {
    return events.stream();
  }

  /** Calls {@code listener} with every event from now on, until closed. */
  AutoCloseable subscribe(Consumer<TransferEvent> listener) {
    Cancellable c = events.stream().subscribe().with(listener, failure -> { });
    return c::cancel;
  }
}
