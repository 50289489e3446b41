package dev.drawbridge.transfer.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bytes verified per file of a job, and a smoothed speed, sampled by the event ticker. */
final class Progress {
  private record FileBytes(long size, long done) {}

  private final Map<String, FileBytes> files = new ConcurrentHashMap<>();
  private long lastDone = -1;
  private long lastAt;
  private double speed;

  void file(String fileId, long size, long done) {
    files.put(fileId, new FileBytes(size, Math.min(done, size)));
  }

  long done() {
    return files.values().stream().mapToLong(FileBytes::done).sum();
  }

  long size() {
    return files.values().stream().mapToLong(FileBytes::size).sum();
  }

  /** Updates the speed estimate; returns true when something changed since the last sample. */
  synchronized boolean sample(long now) {
    long done = done();
    boolean changed = done != lastDone;
    if (lastDone >= 0 && now > lastAt) {
      double instant = (done - lastDone) * 1000.0 / (now - lastAt);
      speed = speed == 0 ? instant : 0.7 * speed + 0.3 * instant; // smooth, so ETA does not jump
    }
    lastDone = done;
    lastAt = now;
    return changed;
  }

  synchronized long bytesPerSecond() {
    return (long) Math.max(0, speed);
  }

  Long etaSeconds() {
    long rate = bytesPerSecond();
    return rate <= 0 ? null : (size() - done()) / rate;
  }
}
