package dev.drawbridge.mesh;

import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Counts what this peer refuses to do for others on the relayed paths (punch offers from strangers,
 * circuits and punches over their limits) and logs at most one summary line per reason a minute,
 * with the count since the previous line: a flood of offers costs counters, not log lines.
 */
final class RefusalSummary {
  private static final Logger LOG = Logger.getLogger(RefusalSummary.class);
  static final long QUIET_MILLIS = 60_000;

  enum Reason {
    PUNCH_FROM_STRANGER,
    PUNCHES_PER_SOURCE,
    PUNCHES_TOTAL,
    CIRCUITS_TOTAL
  }

  private final Map<Reason, long[]> state = new EnumMap<>(Reason.class);
  private final Map<Reason, Long> total = new EnumMap<>(Reason.class);
  private final Map<Reason, Long> lines = new EnumMap<>(Reason.class);

  /** Counts one refusal; returns true when it was logged (for tests). */
  synchronized boolean refuse(Reason reason, String detail) {
    total.merge(reason, 1L, Long::sum);
    // [0] = refusals since the last line, [1] = when the last line was written
    long[] s = state.computeIfAbsent(reason, r -> new long[] {0, Long.MIN_VALUE / 2});
    s[0]++;
    long now = System.currentTimeMillis();
    if (now - s[1] < QUIET_MILLIS) {
      return false;
    }
    LOG.infof(
        "Refused %d %s in the last minute (latest: %s); next summary in a minute at the earliest",
        s[0], reason, detail);
    s[0] = 0;
    s[1] = now;
    lines.merge(reason, 1L, Long::sum);
    return true;
  }

  synchronized long linesLogged(Reason reason) {
    return lines.getOrDefault(reason, 0L);
  }

  synchronized long count(Reason reason) {
    return total.getOrDefault(reason, 0L);
  }
}
