package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dials a peer at its known addresses over mutual TLS. One pooled HTTP client per (peer, address),
 * each pinned to that peer's key, so a server holding any other key fails the handshake.
 */
public final class DirectDialer implements Dialer {
  private final Vertx vertx;
  private final Identity identity;
  private final AddressBook addresses;
  private final Map<PeerId, Map<PeerAddress, HttpClient>> clients = new ConcurrentHashMap<>();

  public DirectDialer(Vertx vertx, Identity identity, AddressBook addresses) {
    this.vertx = vertx;
    this.identity = identity;
    this.addresses = addresses;
  }

  @Override
  public Future<PeerLink> dial(PeerId peer) {
    List<PeerAddress> known = addresses.addressesOf(peer);
    if (known.isEmpty()) {
      return Future.failedFuture(new PeerUnreachableException(peer, "no address known for this peer"));
    }
    // Connections are opened lazily by the pool; the first request proves the path (and the key).
    PeerAddress first = known.get(0);
    HttpClient client = clients
        .computeIfAbsent(peer, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(first, a -> create(peer, a));
    return Future.succeededFuture(new PeerLink(peer, client, "direct " + first));
  }

  @Override
  public void forget(PeerId peer) {
    Map<PeerAddress, HttpClient> old = clients.remove(peer);
    if (old != null) {
      old.values().forEach(HttpClient::close);
    }
  }

  private HttpClient create(PeerId peer, PeerAddress address) {
    HttpClientOptions o = MeshTls.client(identity, peer).setDefaultHost(address.host()).setDefaultPort(address.port());
    return vertx.createHttpClient(o);
  }

  public void close() {
    clients.keySet().forEach(this::forget);
  }
}
