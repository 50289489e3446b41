package dev.drawbridge.transfer.job;

import java.util.Locale;

/** States of a job or of one file, as stored in the history (Libdrop's vocabulary). */
public enum State {
  QUEUED,
  STARTED,
  PAUSED,
  WAITING,
  VERIFIED,
  COMPLETED,
  FAILED,
  REJECTED,
  CANCELED;

  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == REJECTED || this == CANCELED;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static State of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
