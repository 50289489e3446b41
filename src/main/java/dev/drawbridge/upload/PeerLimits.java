package dev.drawbridge.upload;

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

  public PeerLimits {
    if (concurrentUploads < 1 || bytesPerSecond < 0) {
      throw new IllegalArgumentException("concurrent uploads >= 1 and bytes per second >= 0");
    }
  }
}
