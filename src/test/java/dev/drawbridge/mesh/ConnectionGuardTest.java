package dev.drawbridge.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The mesh listener's connection rules, without sockets (the socket flood is SlowRequestFlood). */
class ConnectionGuardTest {
  static final long S = 1_000_000_000L;
  final List<String> closed = new ArrayList<>();

  ConnectionGuard guard(int max, int strangers, int perPeer, int perAddress) {
    return new ConnectionGuard(
        new MeshServer.Limits(
            max, strangers, perPeer, perAddress, Duration.ofSeconds(10), Duration.ofSeconds(30)));
  }

  ConnectionGuard.Handle handle(String name) {
    return () -> closed.add(name);
  }

  static PeerId peer() {
    return Identity.generate().peerId();
  }

  @Test
  void aGrantedPeerFindingTheListenerFullEvictsTheOldestIdleStranger() {
    ConnectionGuard g = guard(3, 3, 8, 8);
    ConnectionGuard.Entry busy = g.admit(handle("busy"), peer(), "10.0.0.1", false, true, 0);
    g.requestStarted(busy, () -> false);
    assertNotNull(g.admit(handle("idle1"), peer(), "10.0.0.2", false, true, 1));
    assertNotNull(g.admit(handle("idle2"), peer(), "10.0.0.3", false, true, 2));

    assertNotNull(g.admit(handle("granted"), peer(), "10.0.0.5", false, false, 4));
    assertEquals(List.of("idle1"), closed, "the oldest idle stranger, not the busy one");
    assertEquals(3, g.open());
  }

  @Test
  void strangersShareASmallerPoolSoGrantedPeersAlwaysFindRoom() {
    ConnectionGuard g = guard(4, 2, 8, 8);
    assertNotNull(g.admit(handle("s1"), peer(), "10.0.0.1", false, true, 0));
    ConnectionGuard.Entry s2 = g.admit(handle("s2"), peer(), "10.0.0.2", false, true, 0);
    assertNotNull(g.admit(handle("s3"), peer(), "10.0.0.3", false, true, 0));
    assertEquals(List.of("s1"), closed, "a new stranger replaces the oldest idle stranger");
    g.requestStarted(s2, () -> false);
    assertNotNull(g.admit(handle("s4"), peer(), "10.0.0.4", false, true, 0));
    assertEquals(List.of("s1", "s3"), closed);
    assertEquals(2, g.strangers(), "strangers never hold more than their pool");
    assertNotNull(g.admit(handle("g1"), peer(), "10.0.0.5", false, false, 0));
    assertNotNull(g.admit(handle("g2"), peer(), "10.0.0.6", false, false, 0));
    assertEquals(4, g.open());
  }

  @Test
  void onePeerAndOneAddressAreCappedButLoopbackAddressesAreNot() {
    ConnectionGuard g = guard(100, 100, 2, 3);
    PeerId p = peer();
    g.requestStarted(g.admit(handle("a"), p, "10.0.0.1", false, false, 0), () -> false);
    assertNotNull(g.admit(handle("b"), p, "10.0.0.1", false, false, 0));
    ConnectionGuard.Entry c = g.admit(handle("c"), p, "10.0.0.1", false, false, 0);
    assertNotNull(c, "at its cap, a peer's new connection replaces its oldest idle one");
    assertEquals(List.of("b"), closed);
    g.requestStarted(c, () -> false);
    assertNull(g.admit(handle("d"), p, "10.0.0.1", false, false, 0), "all busy: refused");
    assertNotNull(g.admit(handle("e"), peer(), "10.0.0.1", false, true, 0));
    assertNull(g.admit(handle("f"), peer(), "10.0.0.1", false, true, 0), "per-address cap");
    for (int i = 0; i < 10; i++) {
      assertNotNull(g.admit(handle("relayed" + i), peer(), "127.0.0.1", true, false, 0));
    }
  }

  @Test
  void aConnectionWithoutARequestHeadOrIdleAfterItsResponseIsClosedOnTime() {
    ConnectionGuard g = guard(10, 10, 10, 10);
    g.admit(handle("silent"), peer(), "10.0.0.1", false, true, 0);
    ConnectionGuard.Entry served = g.admit(handle("served"), peer(), "10.0.0.2", false, true, 0);
    AtomicBoolean done = new AtomicBoolean();
    g.requestStarted(served, done::get);

    assertEquals(0, g.sweep(9 * S).size());
    assertEquals(1, g.sweep(10 * S).size(), "no request head within 10 s");
    assertEquals(0, g.sweep(100 * S).size(), "a request in progress is never cut by the guard");
    done.set(true);
    assertEquals(0, g.sweep(101 * S).size());
    assertEquals(1, g.sweep(131 * S).size(), "idle 30 s after its response");
    assertEquals(0, g.open());
  }

  @Test
  void closingFreesEveryCounter() {
    ConnectionGuard g = guard(1, 1, 1, 1);
    PeerId p = peer();
    ConnectionGuard.Entry e = g.admit(handle("a"), p, "10.0.0.1", false, true, 0);
    g.closed(e);
    g.closed(e);
    assertNotNull(g.admit(handle("b"), p, "10.0.0.1", false, true, 0));
  }
}
