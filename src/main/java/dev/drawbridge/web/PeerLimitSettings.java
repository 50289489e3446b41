package dev.drawbridge.web;

import dev.drawbridge.node.SettingStore;
import dev.drawbridge.upload.PeerLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What any one peer may use of this host for uploads (upload.PeerLimits), as the owner reads and
 * changes it: validated here, saved as two settings the upload receiver reads.
 */
@ApplicationScoped
public class PeerLimitSettings {
  @Inject SettingStore settings;

  PeerLimits now() {
    return PeerLimits.fromSettings(settings::read);
  }

  /** Checks both values before saving either, so a typo changes nothing. */
  PeerLimits change(Integer concurrentUploads, Long bytesPerSecond) {
    PeerLimits was = now();
    int concurrent = concurrentUploads == null ? was.concurrentUploads() : concurrentUploads;
    long rate = bytesPerSecond == null ? was.bytesPerSecond() : bytesPerSecond;
    if (concurrent < 1 || concurrent > PeerLimits.MAX_CONCURRENT) {
      throw new IllegalArgumentException(
          "Uploads at once per person must be a whole number from 1 to "
              + PeerLimits.MAX_CONCURRENT
              + ".");
    }
    if (rate < 0) {
      throw new IllegalArgumentException(
          "The speed limit cannot be negative; leave it empty (or 0) for no limit.");
    }
    settings.write(PeerLimits.CONCURRENT_SETTING, Integer.toString(concurrent));
    settings.write(PeerLimits.RATE_SETTING, Long.toString(rate));
    return new PeerLimits(concurrent, rate);
  }
}
