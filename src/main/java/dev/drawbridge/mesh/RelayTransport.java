package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.CircuitConnect;
import dev.drawbridge.relay.client.RelayClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

/**
 * Reaches a peer through a relay where it is online: for every connection the link's HTTP client
 * opens, a fresh single-use circuit token from our control connection (relay protocol v2), an HTTP
 * CONNECT with it to the relay's circuit port (the relay asks the peer to join), then the usual
 * mutual TLS, end to end, inside the circuit. The HTTP client reaches the circuit through a
 * loopback listener of this link (like a punched link's tunnel), so each pooled connection gets its
 * own token.
 */
public final class RelayTransport implements Transport {
  private static final Logger LOG = Logger.getLogger(RelayTransport.class);

  /** Connections per relayed link: the relay's default circuits per (source, target) pair. */
  static final int MAX_CIRCUITS_PER_LINK = 4;

  private final Vertx vertx;
  private final Identity identity;
  private final Relays relays;
  private final NetClient circuits;

  public RelayTransport(Vertx vertx, Identity identity, Relays relays) {
    this.vertx = vertx;
    this.identity = identity;
    this.relays = relays;
    this.circuits =
        vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000).setTcpNoDelay(true));
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
              NetServer entry =
                  vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
              entry.connectHandler(local -> openCircuit(relay, peer, local));
              return entry
                  .listen()
                  .compose(
                      listening -> {
                        HttpClientOptions o =
                            MeshTls.client(identity, peer)
                                .setDefaultHost("127.0.0.1")
                                .setDefaultPort(listening.actualPort())
                                .setMaxPoolSize(MAX_CIRCUITS_PER_LINK);
                        return Probe.check(
                            new PeerLink(
                                peer,
                                vertx.createHttpClient(o),
                                new Route(Route.Kind.RELAYED, relay.address().toString()),
                                entry::close));
                      });
            });
  }

  private void openCircuit(RelaySession relay, PeerId peer, NetSocket local) {
    local.pause();
    RelayClient control = relay.client();
    if (control == null || !relay.isConnected()) {
      local.close();
      return;
    }
    control
        .circuitToken(peer)
        .compose(
            token -> CircuitConnect.open(circuits, relay.host(), relay.circuitPort(), peer, token))
        .onSuccess(
            remote -> {
              remote.closeHandler(v -> local.close());
              local.closeHandler(v -> remote.close());
              remote.pipeTo(local);
              local.pipeTo(remote);
            })
        .onFailure(
            e -> {
              LOG.debugf("relayed circuit to %s failed: %s", peer.shortForm(), e.getMessage());
              local.close();
            });
  }
}
