package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;

/**
 * Reaches a peer through a relay where it is online: an HTTP CONNECT to the relay's circuit port
 * (the relay asks the peer to join), then the usual mutual TLS, end to end, inside the circuit.
 */
public final class RelayTransport implements Transport {
  private final Vertx vertx;
  private final Identity identity;
  private final Relays relays;

  public RelayTransport(Vertx vertx, Identity identity, Relays relays) {
    this.vertx = vertx;
    this.identity = identity;
    this.relays = relays;
  }

  @Override
  public Route.Kind kind() {
    return Route.Kind.RELAYED;
  }

  @Override
  public Future<PeerLink> open(PeerId peer) {
    return relays
        .locate(peer)
        .compose(
            relay -> {
              HttpClientOptions o =
                  MeshTls.client(identity, peer)
                      .setDefaultHost(peer.value().toLowerCase() + ".drawbridge")
                      .setDefaultPort(7778)
                      .setProxyOptions(
                          new ProxyOptions()
                              .setType(ProxyType.HTTP)
                              .setHost(relay.host())
                              .setPort(relay.circuitPort()));
              return Probe.direct(
                  vertx.createHttpClient(o),
                  peer,
                  new Route(Route.Kind.RELAYED, relay.address().toString()));
            });
  }
}
