package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import java.util.List;

/**
 * Dials a peer at addresses from an {@link AddressBook} (contact hints, or mDNS sightings) over
 * mutual TLS pinned to that peer's key, so a server holding any other key fails the handshake.
 * Addresses are tried in order; the first that answers wins.
 */
public final class DirectTransport implements Transport {
  private final Vertx vertx;
  private final Identity identity;
  private final AddressBook addresses;
  private final Route.Kind kind;

  public DirectTransport(Vertx vertx, Identity identity, AddressBook addresses, Route.Kind kind) {
    this.vertx = vertx;
    this.identity = identity;
    this.addresses = addresses;
    this.kind = kind;
  }

  @Override
  public Route.Kind kind() {
    return kind;
  }

  @Override
  public Future<PeerLink> open(PeerId peer) {
    return attempt(peer, addresses.addressesOf(peer), 0, null);
  }

  private Future<PeerLink> attempt(PeerId peer, List<PeerAddress> list, int i, Throwable last) {
    if (i >= list.size()) {
      return Future.failedFuture(
          last != null
              ? last
              : PeerUnreachableException.nothingToTry(peer, "no " + kind.label + " address known"));
    }
    PeerAddress a = list.get(i);
    HttpClientOptions o =
        MeshTls.client(identity, peer)
            .setDefaultHost(a.host())
            .setDefaultPort(a.port())
            .setConnectTimeout(3000);
    return Probe.direct(vertx.createHttpClient(o), peer, new Route(kind, a.toString()))
        .recover(e -> attempt(peer, list, i + 1, e));
  }
}
