package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.Punch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * Hole punching, coordinated by a relay where the peer is online: both peers learn each other's
 * public address at the relay's rendezvous and connect to it at the same moment (TCP simultaneous
 * open). Works through port-preserving NATs; symmetric NATs fail here and fall back to the relay.
 * The punched socket carries the same end-to-end mutual TLS as any other path.
 */
public final class PunchTransport implements Transport {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Identity identity;
  private final Relays relays;
  private final RelayServices services;

  public PunchTransport(Vertx vertx, Identity identity, Relays relays) {
    this.vertx = vertx;
    this.identity = identity;
    this.relays = relays;
    this.services = relays.services();
  }

  @Override
  public Route.Kind kind() {
    return Route.Kind.PUNCHED;
  }

  @Override
  public Future<PeerLink> open(PeerId peer) {
    return relays
        .locate(peer)
        .compose(
            relay -> {
              byte[] token = new byte[16];
              RANDOM.nextBytes(token);
              return relay
                  .client()
                  .requestPunch(peer, token)
                  .compose(
                      v ->
                          services
                              .punchWorkers()
                              .executeBlocking(
                                  () -> {
                                    Punch.Plan plan =
                                        Punch.rendezvous(
                                            relay.host(),
                                            relay.circuitPort(),
                                            token,
                                            RelayServices.RENDEZVOUS_TIMEOUT);
                                    Socket socket =
                                        Punch.connect(plan, RelayServices.PUNCH_TIMEOUT);
                                    return new Punched(
                                        new LoopbackTunnel(socket, "punch-" + peer.shortForm()),
                                        plan.other().getAddress().getHostAddress()
                                            + ":"
                                            + plan.other().getPort());
                                  },
                                  false))
                  .compose(
                      p -> {
                        HttpClientOptions o =
                            MeshTls.client(identity, peer)
                                .setDefaultHost("127.0.0.1")
                                .setDefaultPort(p.tunnel().port())
                                .setMaxPoolSize(1);
                        return Probe.check(
                            new PeerLink(
                                peer,
                                vertx.createHttpClient(o),
                                new Route(Route.Kind.PUNCHED, p.other()),
                                p.tunnel()::close));
                      });
            });
  }

  private record Punched(LoopbackTunnel tunnel, String other) {}
}
