package dev.drawbridge.node;

import dev.drawbridge.upload.PeerLimits;
import java.util.function.Supplier;

/**
 * The owner's per-peer upload limits from settings ({@link PeerLimits#CONCURRENT_SETTING}, {@link
 * PeerLimits#RATE_SETTING}), re-read at most every {@link #REFRESH_MS} ms: uploads ask on every
 * request, and a setting read may touch the database. A bad value falls back to the default ({@link
 * PeerLimits#fromSettings}, the one reader of these settings).
 */
final class UploadLimits implements Supplier<PeerLimits> {
  static final long REFRESH_MS = 2_000;

  private final SettingStore settings;
  private volatile PeerLimits current = PeerLimits.DEFAULT;
  private volatile long readAt; // 0: read on first use

  UploadLimits(SettingStore settings) {
    this.settings = settings;
  }

  @Override
  public PeerLimits get() {
    long now = System.currentTimeMillis();
    if (now - readAt > REFRESH_MS) {
      current = read();
      readAt = now;
    }
    return current;
  }

  private PeerLimits read() {
    try {
      return PeerLimits.fromSettings(settings::read);
    } catch (RuntimeException e) {
      return PeerLimits.DEFAULT; // the store itself failed: uploads go on with the defaults
    }
  }
}
