package dev.drawbridge.web;

import dev.drawbridge.transfer.job.TransferEvent;
import dev.drawbridge.transfer.job.TransferEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/**
 * The web layer's one tap on transfer events: the JSON stream, the JSON socket and the UI's live
 * channel all listen here, so how {@link TransferEvents} hands events out is known in this class
 * only.
 */
@ApplicationScoped
public class TransferFeed {
  @Inject TransferEvents events;

  /**
   * Events from now on, for the SSE stream (a subscriber too far behind loses its stream and
   * reconnects).
   */
  Multi<TransferEvent> stream() {
    return Multi.createFrom()
        .<TransferEvent>emitter(
            emitter -> {
              AutoCloseable subscription =
                  events.subscribe(
                      emitter::emit,
                      () ->
                          emitter.fail(
                              new IllegalStateException(
                                  "fell too far behind the transfer events")));
              emitter.onTermination(() -> close(subscription));
            },
            BackPressureStrategy.BUFFER)
        .onOverflow()
        .buffer(TransferEvents.BACKLOG);
  }

  /** Calls {@code listener} with every event from now on, until closed. */
  AutoCloseable subscribe(Consumer<TransferEvent> listener) {
    return events.subscribe(listener);
  }

  private static void close(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception ignored) {
      // closing a subscription only removes it from a set
    }
  }
}
