package dev.drawbridge.offer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the owner decided about incoming offers: how long one waits for an answer, where accepted
 * files go unless the owner picks another folder, the auto-accept rule, and whether offers are
 * taken at all.
 */
public record InboxRules(
    Duration expiry, Path defaultDestination, AutoAccept autoAccept, boolean accepting) {
  public static final String EXPIRY_SETTING = "offers.expirySeconds";

  /** "false": every offer is refused with 403 not_accepting (the owner does not want any now). */
  public static final String ACCEPTING_SETTING = "offers.accepting";

  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

  /** Pending offers one peer may have waiting here (more: 429). */
  public static final int PER_PEER = 20;

  /** Pending offers from everyone together (more: 507). */
  public static final int TOTAL = 200;

  /** Offers kept at all, answered ones included; the oldest answered ones go first. */
  public static final int KEPT = 1_000;

  public static final int MAX_FILES = 10_000;
  public static final int MAX_NOTE = 200;
}
