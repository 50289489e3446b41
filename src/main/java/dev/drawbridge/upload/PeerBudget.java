package dev.drawbridge.upload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What each remote peer is using of this host's upload capacity right now: request bodies in flight
 * (more than {@link PeerLimits#concurrentUploads} are refused) and bytes received against its rate
 * (the caller pauses the body for {@link #pauseMillis}). One small entry per peer with a body in
 * flight or a pause pending.
 */
public final class PeerBudget {
  private final Supplier<PeerLimits> limits;
  private final Map<String, Use> peers = new ConcurrentHashMap<>();

  private static final class Use {
    int bodies;
    long paidUntilNanos = System.nanoTime();
  }

  /** {@code limits} is read at each request (the owner may change settings any time). */
  public PeerBudget(Supplier<PeerLimits> limits) {
    this.limits = limits;
  }

  /** Takes one body slot for {@code peer}; false when it already has its maximum. */
  public boolean enter(String peer) {
    int max = limits.get().concurrentUploads();
    boolean[] ok = {false};
    peers.compute(
        peer,
        (k, u) -> {
          Use use = u == null ? new Use() : u;
          if (use.bodies < max) {
            use.bodies++;
            ok[0] = true;
          }
          return use;
        });
    return ok[0];
  }

  public void leave(String peer) {
    peers.computeIfPresent(
        peer,
        (k, u) -> {
          u.bodies--;
          return u.bodies <= 0 && u.paidUntilNanos <= System.nanoTime() ? null : u;
        });
  }

  /** Counts {@code bytes} received from {@code peer}; how long to pause its bodies (0 = none). */
  public long pauseMillis(String peer, long bytes) {
    long rate = limits.get().bytesPerSecond();
    if (rate <= 0) {
      return 0;
    }
    long now = System.nanoTime();
    long[] wait = {0};
    peers.compute(
        peer,
        (k, u) -> {
          Use use = u == null ? new Use() : u;
          long cost = (long) (bytes * 1e9 / rate);
          use.paidUntilNanos = Math.max(use.paidUntilNanos, now) + cost;
          wait[0] = (use.paidUntilNanos - now) / 1_000_000;
          return use;
        });
    return wait[0];
  }

  /** Bodies in flight for {@code peer} (tests, status). */
  public int bodies(String peer) {
    Use u = peers.get(peer);
    return u == null ? 0 : u.bodies;
  }
}
