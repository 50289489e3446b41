package dev.drawbridge.web;

import dev.drawbridge.upload.PeerLimits;

/**
 * The "Upload limits per person" form as typed: uploads at once, and a speed limit in words ("10
 * MB" per second, empty for none).
 */
public record PeerLimitsForm(String concurrent, String speed) {
  static PeerLimitsForm of(PeerLimits l) {
    return new PeerLimitsForm(
        Integer.toString(l.concurrentUploads()), Sizes.exact(l.bytesPerSecond()));
  }

  /** Saves through {@code limits} (which checks the ranges); a number that is no number is said. */
  PeerLimits saveTo(PeerLimitSettings limits) {
    Integer n;
    try {
      n = concurrent == null || concurrent.isBlank() ? null : Integer.valueOf(concurrent.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    return limits.change(n, Sizes.parse(speed, "Speed limit"));
  }
}
