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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
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

  /** Punches one peer may hold at once: a few keys cannot take all {@link #MAX_PUNCHES}. */
  static final int MAX_PUNCHES_PER_SOURCE = 2;

  static final Duration RENDEZVOUS_TIMEOUT = Duration.ofSeconds(8);
  static final Duration PUNCH_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final IntSupplier meshPort;
  private final AtomicInteger circuits = new AtomicInteger();
  private final AtomicInteger punches = new AtomicInteger();
  private final Map<PeerId, Integer> punchesBySource = new HashMap<>();
  private final Predicate<PeerId> allowed;
  private final RefusalSummary refusals = new RefusalSummary();
  private final WorkerExecutor punchWorkers;

  /** One client for every loopback hop into our own mesh listener (not one per circuit). */
  private final NetClient loopback;

  /**
   * @param allowed the peers whose punch offers we answer (our contacts); others are refused
   *     without a rendezvous, so they never learn our address
   */
  RelayServices(Vertx vertx, IntSupplier meshPort, Predicate<PeerId> allowed) {
    this.vertx = vertx;
    this.meshPort = meshPort;
    this.allowed = allowed;
    this.punchWorkers = vertx.createSharedWorkerExecutor("drawbridge-punch", MAX_PUNCHES * 2);
    this.loopback = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
  }

  WorkerExecutor punchWorkers() {
    return punchWorkers;
  }

  void joinCircuit(String relayHost, int circuitPort, byte[] token) {
    if (circuitPort <= 0 || circuits.incrementAndGet() > MAX_CIRCUITS) {
      circuits.decrementAndGet();
      refusals.refuse(RefusalSummary.Reason.CIRCUITS_TOTAL, MAX_CIRCUITS + " already open");
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

  RefusalSummary refusals() {
    return refusals;
  }

  private boolean takePunchSlot(PeerId from) {
    synchronized (punchesBySource) {
      if (punchesBySource.getOrDefault(from, 0) >= MAX_PUNCHES_PER_SOURCE) {
        refusals.refuse(RefusalSummary.Reason.PUNCHES_PER_SOURCE, from.shortForm());
        return false;
      }
      if (punches.get() >= MAX_PUNCHES) {
        refusals.refuse(RefusalSummary.Reason.PUNCHES_TOTAL, from.shortForm());
        return false;
      }
      punches.incrementAndGet();
      punchesBySource.merge(from, 1, Integer::sum);
      return true;
    }
  }

  private void releasePunchSlot(PeerId from) {
    synchronized (punchesBySource) {
      punches.decrementAndGet();
      punchesBySource.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  void answerPunch(String relayHost, int circuitPort, PeerId from, byte[] token) {
    if (circuitPort <= 0) {
      return;
    }
    if (!allowed.test(from)) {
      // No rendezvous: the relay never pairs the token, so the stranger learns no address of ours.
      refusals.refuse(RefusalSummary.Reason.PUNCH_FROM_STRANGER, from.shortForm());
      return;
    }
    if (!takePunchSlot(from)) {
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
                releasePunchSlot(from);
              }
            },
            false)
        .onFailure(
            e -> LOG.infof("hole punch for %s failed: %s", from.shortForm(), e.getMessage()));
  }
}
