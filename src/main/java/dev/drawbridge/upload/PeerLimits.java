package dev.drawbridge.upload;

import java.util.Optional;
import java.util.function.Function;

/**
 * What any one remote peer may use of this host for uploads at a time, whatever it is granted.
 * Stored as owner settings {@link #CONCURRENT_SETTING} and {@link #RATE_SETTING}.
 *
 * @param concurrentUploads upload requests with a body in flight at once (more get 429)
 * @param bytesPerSecond upload bytes per second accepted from that peer, 0 = no limit
 */
public record PeerLimits(int concurrentUploads, long bytesPerSecond) {
  public static final String CONCURRENT_SETTING = "upload.peer.concurrent";
  public static final String RATE_SETTING = "upload.peer.bytesPerSecond";
  public static final PeerLimits DEFAULT = new PeerLimits(4, 0);

  /** The most concurrent uploads per peer an owner may allow. */
  public static final int MAX_CONCURRENT = 64;

  /**
   * The limits as saved by the owner ({@code setting} reads a setting by name), the default for any
   * setting missing or unreadable (a hand-edited database must not stop uploads).
   */
  public static PeerLimits fromSettings(Function<String, Optional<String>> setting) {
    int concurrent =
        setting
            .apply(CONCURRENT_SETTING)
            .flatMap(PeerLimits::number)
            .filter(n -> n >= 1 && n <= MAX_CONCURRENT)
            .map(Long::intValue)
            .orElse(DEFAULT.concurrentUploads());
    long rate =
        setting
            .apply(RATE_SETTING)
            .flatMap(PeerLimits::number)
            .filter(n -> n >= 0)
            .orElse(DEFAULT.bytesPerSecond());
    return new PeerLimits(concurrent, rate);
  }

  private static Optional<Long> number(String text) {
    try {
      return Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public PeerLimits {
    if (concurrentUploads < 1 || bytesPerSecond < 0) {
      throw new IllegalArgumentException("concurrent uploads >= 1 and bytes per second >= 0");
    }
  }
}
