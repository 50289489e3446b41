package dev.drawbridge.relay;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jboss.logging.Logger;

/**
 * Counts refusals and logs each (source ip, reason) at most once a minute, with how many identical
 * refusals were muted since the previous line: a flood of bad connections turns into one summary
 * line a minute per (ip, reason), not a flood of log lines (nor unbounded memory for the table).
 */
final class RefusalLog {

  private static final Logger LOG = Logger.getLogger(RefusalLog.class);
  private static final long QUIET_MILLIS = 60_000;
  private static final int MAX_REMEMBERED = 10_000;

  private final AtomicLongArray counts = new AtomicLongArray(Refusal.values().length);

  /** Per key: [0] when the last line was written, [1] refusals muted since then. */
  private final Map<String, long[]> lastLogged = new HashMap<>();

  private long lines;

  void refuse(String ip, Refusal reason, String detail) {
    counts.incrementAndGet(reason.ordinal());
    String key = ip + " " + reason;
    long now = System.currentTimeMillis();
    long muted;
    synchronized (lastLogged) {
      if (lastLogged.size() >= MAX_REMEMBERED) {
        lastLogged.clear(); // worst case: one extra line per key, never unbounded growth
      }
      long[] state = lastLogged.get(key);
      if (state != null && now - state[0] < QUIET_MILLIS) {
        state[1]++;
        return;
      }
      muted = state == null ? 0 : state[1];
      lastLogged.put(key, new long[] {now, 0});
      lines++;
    }
    LOG.infof(
        "Refused %s: %s (%s); %d identical refusals muted in the previous minute, further ones"
            + " muted for a minute",
        ip, reason, detail, muted);
  }

  /** Log lines written so far (for tests: a flood must not write one per refusal). */
  long linesLogged() {
    synchronized (lastLogged) {
      return lines;
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
