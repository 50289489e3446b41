package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.protocol.Welcome;
import io.vertx.core.Vertx;
import java.util.Set;
import org.jboss.logging.Logger;

/** One relay's control connection, kept up with exponential backoff (1 s … 30 s) after failures. */
public final class RelaySession implements RelayClient.Listener {
  private static final Logger LOG = Logger.getLogger(RelaySession.class);

  private final Vertx vertx;
  private final Identity identity;
  private final PeerAddress address;
  private final RelayServices services;
  private final HostLookups lookups;
  private HostLookups.Lookup lookup;
  private volatile String resolved;
  private volatile RelayClient client;
  private volatile Welcome welcome;
  private volatile String problem;
  private volatile boolean connecting;
  private volatile boolean closed;
  private long backoffMs = 1000;
  private long retryTimer = -1;

  private final Relays relays;

  RelaySession(
      Vertx vertx,
      Identity identity,
      PeerAddress address,
      RelayServices services,
      Relays relays,
      HostLookups lookups) {
    this.relays = relays;
    this.lookups = lookups;
    this.vertx = vertx;
    this.identity = identity;
    this.address = address;
    this.services = services;
  }

  public PeerAddress address() {
    return address;
  }

  /**
   * The relay's address as a literal (looked up off the event loop before connecting): circuits and
   * punches connect here, so nothing resolves the name on the event loop.
   */
  public String host() {
    String r = resolved;
    return r != null ? r : address.host();
  }

  public RelayClient client() {
    return client;
  }

  /** The relay's circuit port, as it told us in WELCOME. */
  public int circuitPort() {
    Welcome w = welcome;
    return w == null ? -1 : w.circuitPort();
  }

  public boolean isConnected() {
    RelayClient c = client;
    return c != null && c.isConnected() && welcome != null;
  }

  synchronized void ensure() {
    if (closed || connecting || isConnected()) {
      return;
    }
    connecting = true;
    HostLookups.Lookup l = lookups.resolve(address.host());
    lookup = l;
    l.address()
        .onComplete(
            ar -> {
              synchronized (this) {
                lookup = null;
                if (closed) {
                  connecting = false;
                } else if (ar.failed()) {
                  connecting = false;
                  problem = ar.cause().getMessage();
                  scheduleRetry();
                } else {
                  resolved = ar.result();
                  connect(ar.result());
                }
              }
            });
  }

  private void connect(String ip) {
    RelayClient c = new RelayClient(vertx, identity, ip, address.port(), this);
    // First thing on the connection, before any other peer can ask about us: who may see us
    // (without it the relay shows us to anyone, as protocol v1 did).
    c.setVisibility(relays.visibleTo());
    c.connect()
        .onComplete(
            ar -> {
              synchronized (this) {
                connecting = false;
                if (ar.succeeded() && !closed) {
                  client = c;
                  welcome = ar.result();
                  problem = null;
                  backoffMs = 1000;
                  LOG.infof(
                      "relay %s connected; it sees us as %s", address, welcome.observedAddress());
                } else {
                  c.close();
                  problem = ar.failed() ? ar.cause().getMessage() : "closed";
                  scheduleRetry();
                }
              }
            });
  }

  synchronized void reconnectNow() {
    backoffMs = 1000;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    ensure();
  }

  private void scheduleRetry() {
    if (closed || retryTimer >= 0) {
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, Relays.MAX_BACKOFF_MS);
    retryTimer =
        vertx.setTimer(
            delay,
            id -> {
              synchronized (this) {
                retryTimer = -1;
              }
              ensure();
            });
  }

  void sendVisibility(Set<PeerId> allowed) {
    RelayClient c = client;
    if (c != null && isConnected()) {
      c.setVisibility(allowed);
    }
  }

  Relays.Status status() {
    Welcome w = welcome;
    return new Relays.Status(
        address.toString(), isConnected(), w == null ? null : w.observedAddress(), problem);
  }

  @Override
  public void onIncoming(byte[] token) {
    services.joinCircuit(host(), circuitPort(), token);
  }

  @Override
  public void onPunchOffer(PeerId from, byte[] token) {
    services.answerPunch(host(), circuitPort(), from, token);
  }

  @Override
  public synchronized void onClosed(Throwable cause) {
    welcome = null;
    client = null;
    problem = cause == null ? "connection closed" : cause.getMessage();
    if (!closed) {
      LOG.infof("relay %s dropped (%s); reconnecting", address, problem);
      scheduleRetry();
    }
  }

  synchronized void close() {
    closed = true;
    if (lookup != null) {
      lookup.cancel(); // a reset list leaves no lookups behind
      lookup = null;
    }
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    RelayClient c = client;
    if (c != null) {
      c.close();
    }
  }
}
