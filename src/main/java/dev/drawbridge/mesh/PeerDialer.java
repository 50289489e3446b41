package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;
import org.jboss.logging.Logger;

/**
 * The connection strategy: tries each {@link Transport} in order (LAN → direct → hole punch →
 * relay), keeps the link that worked, and keeps trying to replace a relayed link by a direct one
 * ({@link #upgrade()}, run on a ticker and on "refresh network"). New requests take the better link
 * as soon as it exists; requests already streaming finish on the old one.
 */
public final class PeerDialer implements Dialer {
  private static final Logger LOG = Logger.getLogger(PeerDialer.class);

  private final List<Transport> transports;
  private final Map<PeerId, PeerLink> links = new ConcurrentHashMap<>();
  private final Map<PeerId, Future<PeerLink>> dialing = new ConcurrentHashMap<>();

  public PeerDialer(List<Transport> transports) {
    this.transports = List.copyOf(transports);
  }

  @Override
  public Future<PeerLink> dial(PeerId peer) {
    PeerLink link = links.get(peer);
    if (link != null) {
      return Future.succeededFuture(link);
    }
    Promise<PeerLink> done = Promise.promise();
    Future<PeerLink> already = dialing.putIfAbsent(peer, done.future());
    if (already != null) {
      return already; // one search per peer at a time; everyone waits for it
    }
    // Completion may be synchronous (nothing to try), so it must not run inside a map update.
    tryFrom(peer, 0, null, transports.size())
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                links.put(peer, ar.result());
                LOG.infof("peer %s reachable: %s", peer.shortForm(), ar.result().route());
              }
              dialing.remove(peer, done.future());
              done.handle(ar);
            });
    return done.future();
  }

  /** The route in use for a peer, if a link is open. */
  public Optional<Route> route(PeerId peer) {
    return Optional.ofNullable(links.get(peer)).map(PeerLink::route);
  }

  @Override
  public void forget(PeerId peer) {
    PeerLink old = links.remove(peer);
    if (old != null) {
      old.close();
    }
  }

  /** For every relayed link, tries the better transports again; swaps in the first that works. */
  public void upgrade() {
    links.forEach(
        (peer, link) -> {
          int better = indexOf(link.route().kind());
          if (better > 0) {
            tryFrom(peer, 0, null, better)
                .onSuccess(
                    direct -> {
                      PeerLink previous = links.put(peer, direct);
                      LOG.infof(
                          "peer %s upgraded: %s (was %s)",
                          peer.shortForm(), direct.route(), link.route());
                      if (previous != null && previous != direct) {
                        previous.close();
                      }
                    });
          }
        });
  }

  /** Forgets every link: the next request to each peer searches all paths again. */
  public void reset() {
    links.keySet().forEach(this::forget);
  }

  public void close() {
    reset();
  }

  private int indexOf(Route.Kind kind) {
    for (int i = 0; i < transports.size(); i++) {
      if (transports.get(i).kind() == kind) {
        return i;
      }
    }
    return transports.size();
  }

  private Future<PeerLink> tryFrom(PeerId peer, int i, Throwable last, int end) {
    if (i >= end) {
      if (last == null || last instanceof PeerUnreachableException p && p.nothingTried()) {
        return Future.failedFuture(
            new PeerUnreachableException(
                peer, "no address known, not seen on the LAN, and not online at any relay"));
      }
      return Future.failedFuture(
          last instanceof PeerUnreachableException
              ? last
              : new PeerUnreachableException(peer, reason(last)));
    }
    return transports.get(i).open(peer).recover(e -> tryFrom(peer, i + 1, pick(last, e), end));
  }

  /** Keeps the most telling failure: a real one (wrong key, refused) beats "nothing to try". */
  private static Throwable pick(Throwable previous, Throwable next) {
    boolean nextIsEmpty = next instanceof PeerUnreachableException p && p.nothingTried();
    return previous != null && nextIsEmpty ? previous : next;
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return "the peer at that address is not who we expected (its key does not match), or refused us";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
