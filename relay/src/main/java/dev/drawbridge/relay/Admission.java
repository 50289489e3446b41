package dev.drawbridge.relay;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a new TCP connection may stay: a token bucket per source IP (rate and burst) and
 * a cap on all open connections of both ports. Runs on the relay's single event loop.
 */
final class Admission {

  /** Forget buckets of quiet IPs so the table cannot grow with every address that ever knocked. */
  private static final int SWEEP_THRESHOLD = 50_000;

  private final RelayConfig config;
  private final RefusalLog refusals;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  private static final class Bucket {
    double tokens;
    long updatedNanos;
  }

  Admission(RelayConfig config, RefusalLog refusals) {
    this.config = config;
    this.refusals = refusals;
  }

  /** True if the connection is admitted; then {@link #release()} must follow when it closes. */
  boolean admit(String ip) {
    if (!takeToken(ip)) {
      refusals.refuse(ip, Refusal.CONNECTION_RATE, config.connectionsPerIpPerSecond() + "/s");
      return false;
    }
    if (open.incrementAndGet() > config.totalConnections()) {
      open.decrementAndGet();
      refusals.refuse(ip, Refusal.TOTAL_CONNECTIONS, config.totalConnections() + " open");
      return false;
    }
    return true;
  }

  void release() {
    open.decrementAndGet();
  }

  int openConnections() {
    return open.get();
  }

  private boolean takeToken(String ip) {
    long now = System.nanoTime();
    if (buckets.size() >= SWEEP_THRESHOLD) {
      sweep(now);
    }
    Bucket bucket =
        buckets.computeIfAbsent(
            ip,
            k -> {
              Bucket b = new Bucket();
              b.tokens = config.connectionBurstPerIp();
              b.updatedNanos = now;
              return b;
            });
    refill(bucket, now);
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  private void refill(Bucket bucket, long now) {
    double seconds = (now - bucket.updatedNanos) / 1e9;
    bucket.tokens =
        Math.min(
            config.connectionBurstPerIp(),
            bucket.tokens + seconds * config.connectionsPerIpPerSecond());
    bucket.updatedNanos = now;
  }

  /** A full bucket carries no information: dropping it changes no decision. */
  private void sweep(long now) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      refill(bucket, now);
      if (bucket.tokens >= config.connectionBurstPerIp()) {
        it.remove();
      }
    }
    if (buckets.size() >= SWEEP_THRESHOLD) {
      buckets.clear(); // that many busy IPs at once: rate-limit afresh rather than sweep per
      // connection
    }
  }
}
