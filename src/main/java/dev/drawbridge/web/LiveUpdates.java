package dev.drawbridge.web;

import dev.drawbridge.transfer.job.TransferEvent;
import dev.drawbridge.transfer.job.TransferView;
import dev.drawbridge.transfer.job.Transfers;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Feeds the live channel: transfer events only mark jobs as changed; on a fixed tick the changed
 * parts are rendered from the page templates and pushed to each open page that shows them. So a
 * page gets at most four progress pushes a second per job, and a folder of thousands of files
 * changing at once costs one re-render of the job's page a second, not one push per file.
 */
@ApplicationScoped
public class LiveUpdates {
  private static final Logger LOG = Logger.getLogger(LiveUpdates.class);
  static final long TICK_MILLIS = 250;

  /**
   * File changes re-render a job's whole file table (its buttons change): once a second is plenty.
   */
  static final int TICKS_PER_FILE_PUSH = 4;

  @Inject TransferFeed feed;
  @Inject Transfers transfers;
  @Inject ProgressLine progress;
  @Inject OpenConnections connections;
  @Inject Offers offers;
  @Inject UploadProgress uploads;

  private final Set<String> moved = ConcurrentHashMap.newKeySet();
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final Set<String> filesChanged = ConcurrentHashMap.newKeySet();
  // Offers received / sent changed (sent: also bytes sent): the offers page's two lists.
  private final java.util.concurrent.atomic.AtomicBoolean inboxChanged =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean outboxChanged =
      new java.util.concurrent.atomic.AtomicBoolean();
  private ScheduledExecutorService ticker;
  private AutoCloseable subscription;
  private long ticks;

  void start(@Observes StartupEvent ev) {
    subscription = feed.subscribe(this::accept);
    offers.inbox().onChange(o -> inboxChanged.set(true));
    offers.outbox().onChange(o -> outboxChanged.set(true));
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "live-updates");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent ev) throws Exception {
    if (subscription != null) {
      subscription.close();
    }
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  void accept(TransferEvent e) {
    progress.record(e);
    if (e.fileId() != null) {
      filesChanged.add(e.transferId());
    } else if (e.type().equals("progress")) {
      moved.add(e.transferId());
    } else {
      changed.add(e.transferId());
    }
  }

  /** What a page shows right now, as the fragments it swaps in; empty when the job is gone. */
  String snapshot(LiveView view) {
    return inRequest(
        () -> {
          Renders r = new Renders();
          if (view.offers()) {
            return r.incoming() + r.outgoing();
          }
          if (view.uploads() != null) {
            return uploads.fragment(view.uploads());
          }
          return view.oneJob() ? r.body(view.transfer()) : r.list(view.filter());
        });
  }

  private void tick() {
    try {
      boolean withFiles = ++ticks % TICKS_PER_FILE_PUSH == 0;
      Set<String> jobs = drain(changed);
      Set<String> progressed = drain(moved);
      Set<String> files = withFiles ? drain(filesChanged) : Set.of();
      boolean inbox = inboxChanged.getAndSet(false);
      boolean outbox = outboxChanged.getAndSet(false);
      boolean uploadsMoved = uploads.takeChanged();
      if (jobs.isEmpty()
          && progressed.isEmpty()
          && files.isEmpty()
          && !inbox
          && !outbox
          && !uploadsMoved) {
        return;
      }
      Collection<WebSocketConnection> pages = connections.findByEndpointId(LiveSocket.ID);
      if (pages.isEmpty()) {
        return;
      }
      inRequest(
          () -> {
            Renders r = new Renders();
            for (WebSocketConnection page : pages) {
              LiveView view = LiveView.of(page.handshakeRequest().query());
              String html =
                  view.offers()
                      ? (inbox ? r.incoming() : "") + (outbox ? r.outgoing() : "")
                      : view.uploads() != null
                          ? (uploadsMoved ? uploads.fragment(view.uploads()) : "")
                          : push(view, jobs, progressed, files, r);
              if (!html.isEmpty()) {
                // A slow or closed page only loses its own pushes; the next change renders it
                // afresh.
                page.sendText(html).subscribe().with(ok -> {}, err -> {});
              }
            }
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warn("live update failed", e);
    }
  }

  private static String push(
      LiveView view, Set<String> jobs, Set<String> progressed, Set<String> files, Renders r) {
    if (view.oneJob()) {
      String id = view.transfer();
      if (jobs.contains(id) || files.contains(id)) {
        return r.body(id);
      }
      return progressed.contains(id) ? r.summary(id) : "";
    }
    if (!jobs.isEmpty()) {
      return r.list(
          view.filter()); // a job came, went or changed state: its buttons and the filters change
    }
    StringBuilder cards = new StringBuilder();
    for (TransferView t : r.all()) {
      if ((progressed.contains(t.id()) || files.contains(t.id()))
          && TransferFilter.matches(t, view.filter())) {
        cards.append(r.card(t));
      }
    }
    return cards.toString();
  }

  private static Set<String> drain(Set<String> ids) {
    Set<String> taken = new HashSet<>();
    for (String id : ids) {
      if (ids.remove(id)) {
        taken.add(id);
      }
    }
    return taken;
  }

  private static <T> T inRequest(Supplier<T> work) {
    ManagedContext request = Arc.container().requestContext();
    if (request.isActive()) {
      return work.get();
    }
    request.activate();
    try {
      return work.get();
    } finally {
      request.terminate();
    }
  }

  /**
   * One tick's renders: each list, job and card is read and rendered once however many pages show
   * it.
   */
  private final class Renders {
    private List<TransferView> all;
    private final Map<String, String> done = new HashMap<>();

    List<TransferView> all() {
      if (all == null) {
        all = transfers.list(null, false);
      }
      return all;
    }

    String list(String filter) {
      return done.computeIfAbsent(
          "list:" + filter,
          k ->
              TransfersPage.Templates.transfers$list(
                      TransferFilter.apply(all(), filter), filter, null)
                  .render());
    }

    String card(TransferView t) {
      return done.computeIfAbsent(
          "card:" + t.id(), k -> TransfersPage.Templates.transfers$card(t).render());
    }

    String body(String id) {
      return done.computeIfAbsent(
          "body:" + id,
          k -> {
            List<TransferView> one = transfers.list(id, true);
            return one.isEmpty()
                ? ""
                : TransfersPage.Templates.detail$body(one.get(0), null).render();
          });
    }

    String incoming() {
      return done.computeIfAbsent(
          "incoming", k -> OffersPage.Templates.offers$incoming(offers.incoming(), null).render());
    }

    String outgoing() {
      return done.computeIfAbsent(
          "outgoing", k -> OffersPage.Templates.offers$outgoing(offers.outgoing(), null).render());
    }

    String summary(String id) {
      return done.computeIfAbsent(
          "summary:" + id,
          k ->
              all().stream()
                  .filter(t -> t.id().equals(id))
                  .findFirst()
                  .map(t -> TransfersPage.Templates.detail$summary(t).render())
                  .orElse(""));
    }
  }
}
