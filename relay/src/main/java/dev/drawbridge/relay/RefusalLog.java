package dev.drawbridge.relay;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jboss.logging.Logger;

/**
 * Counts refusals and logs each (source ip, reason) at most once a minute, so a flood of bad
 * connections cannot turn into a flood of log lines (or unbounded memory for the dedup table).
 */
final class RefusalLog {

  private static final Logger LOG = Logger.getLogger(RefusalLog.class);
  private static final long QUIET_MILLIS = 60_000;
  private static final int MAX_REMEMBERED = 10_000;

  private final AtomicLongArray counts = new AtomicLongArray(Refusal.values().length);
  private final Map<String, Long> lastLogged = new HashMap<>();

  void refuse(String ip, Refusal reason, String detail) {
    counts.incrementAndGet(reason.ordinal());
    String key = ip + " " + reason;
    long now = System.currentTimeMillis();
    boolean log;
    synchronized (lastLogged) {
      if (lastLogged.size() >= MAX_REMEMBERED) {
        lastLogged.clear(); // worst case: one extra line per key, never unbounded growth
      }
      Long previous = lastLogged.get(key);
      log = previous == null || now - previous >= QUIET_MILLIS;
      if (log) {
        lastLogged.put(key, now);
      }
    }
    if (log) {
      LOG.infof(
          "Refused %s: %s (%s); further identical refusals muted for a minute", ip, reason, detail);
    }
  }

  Map<Refusal, Long> snapshot() {
    Map<Refusal, Long> out = new EnumMap<>(Refusal.class);
    for (Refusal r : Refusal.values()) {
      long n = counts.get(r.ordinal());
      if (n > 0) {
        out.put(r, n);
      }
    }
    return out;
  }
}
