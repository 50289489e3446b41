package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.CircuitJoin;
import dev.drawbridge.relay.client.Punch;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * The answering side of relayed paths: when a relay says someone opened a circuit to us, or wants
 * to hole-punch, we connect as asked and hand the bytes to our own mesh listener on loopback. The
 * caller is then authenticated by TLS like any direct caller; nothing here trusts the relay.
 */
final class RelayServices {
  private static final Logger LOG = Logger.getLogger(RelayServices.class);

  /** Bounds what relays (or peers through them) can make us hold open at once. */
  static final int MAX_CIRCUITS = 64;

  static final int MAX_PUNCHES = 8;
  static final Duration RENDEZVOUS_TIMEOUT = Duration.ofSeconds(8);
  static final Duration PUNCH_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final IntSupplier meshPort;
  private final AtomicInteger circuits = new AtomicInteger();
  private final AtomicInteger punches = new AtomicInteger();
  private final WorkerExecutor punchWorkers;

  /** One client for every loopback hop into our own mesh listener (not one per circuit). */
  private final NetClient loopback;

  RelayServices(Vertx vertx, IntSupplier meshPort) {
    this.vertx = vertx;
    this.meshPort = meshPort;
    this.punchWorkers = vertx.createSharedWorkerExecutor("drawbridge-punch", MAX_PUNCHES * 2);
    this.loopback = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
  }

  WorkerExecutor punchWorkers() {
    return punchWorkers;
  }

  void joinCircuit(String relayHost, int circuitPort, byte[] token) {
    if (circuitPort <= 0 || circuits.incrementAndGet() > MAX_CIRCUITS) {
      circuits.decrementAndGet();
      LOG.warnf("refusing a relayed circuit: %d already open", MAX_CIRCUITS);
      return;
    }
    CircuitJoin.join(vertx, relayHost, circuitPort, token)
        .compose(
            remote ->
                loopback
                    .connect(meshPort.getAsInt(), "127.0.0.1")
                    .onFailure(e -> remote.close())
                    .map(
                        local -> {
                          splice(remote, local);
                          return local;
                        }))
        .onFailure(
            e -> {
              circuits.decrementAndGet();
              LOG.infof("could not join relayed circuit: %s", e.getMessage());
            });
  }

  private void splice(NetSocket remote, NetSocket local) {
    remote.closeHandler(v -> local.close());
    local.closeHandler(
        v -> {
          remote.close();
          circuits.decrementAndGet();
        });
    remote.pipeTo(local);
    local.pipeTo(remote);
  }

  void answerPunch(String relayHost, int circuitPort, PeerId from, byte[] token) {
    if (circuitPort <= 0 || punches.incrementAndGet() > MAX_PUNCHES) {
      punches.decrementAndGet();
      LOG.warnf("refusing a hole punch from %s: too many at once", from.shortForm());
      return;
    }
    punchWorkers
        .executeBlocking(
            () -> {
              try {
                Punch.Plan plan =
                    Punch.rendezvous(relayHost, circuitPort, token, RENDEZVOUS_TIMEOUT);
                Socket outside = Punch.connect(plan, PUNCH_TIMEOUT);
                Socket mesh = new Socket(InetAddress.getLoopbackAddress(), meshPort.getAsInt());
                mesh.setTcpNoDelay(true);
                SocketBridge.start(outside, mesh, "punch-" + from.shortForm());
                LOG.infof("hole punched for %s via %s", from.shortForm(), plan.other());
                return null;
              } finally {
                punches.decrementAndGet();
              }
            },
            false)
        .onFailure(
            e -> LOG.infof("hole punch for %s failed: %s", from.shortForm(), e.getMessage()));
  }
}
