package dev.drawbridge.offer;

import java.util.List;
import java.util.Locale;

/** An offer as a whole: derived from its files, except that time can run out on it. */
public enum OfferState {
  PENDING,
  ACCEPTED,
  REJECTED,
  EXPIRED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OfferState ofWire(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }

  /**
   * Pending while the owner has not decided every file; accepted once any file was taken, else
   * rejected. An offer that expired with nothing taken is expired.
   */
  static OfferState of(List<OfferFile> files, boolean expired) {
    boolean anyTaken = false;
    boolean anyPending = false;
    for (OfferFile f : files) {
      anyPending |= f.state() == FileState.PENDING;
      anyTaken |= f.state() != FileState.PENDING && f.state() != FileState.REJECTED;
    }
    if (anyTaken) {
      return anyPending && !expired ? PENDING : ACCEPTED;
    }
    if (expired) {
      return EXPIRED;
    }
    return anyPending ? PENDING : REJECTED;
  }
}
