package dev.drawbridge.transfer.job;

import java.util.HashMap;
import java.util.Map;

/**
 * Bytes verified per file of a job, and a smoothed speed, sampled by the event ticker. Changed only
 * on the job's context; {@link #doneSoFar()} is the one value other threads read (the job list).
 */
final class Progress {
  private record FileBytes(long size, long done) {}

  /** What a progress event says. */
  record Sample(long done, long size, long bytesPerSecond, Long etaSeconds) {}

  private final Map<String, FileBytes> files = new HashMap<>();
  private long done;
  private long size;
  private volatile long doneSoFar;
  private long lastDone = -1;
  private long lastAt;
  private double speed;

  void file(String fileId, long fileSize, long fileDone) {
    FileBytes now = new FileBytes(fileSize, Math.min(fileDone, fileSize));
    FileBytes was = files.put(fileId, now);
    done += now.done() - (was == null ? 0 : was.done());
    size += now.size() - (was == null ? 0 : was.size());
    doneSoFar = done;
  }

  long doneSoFar() {
    return doneSoFar;
  }

  /** Updates the speed estimate; returns true when something changed since the last sample. */
  boolean sample(long now) {
    boolean changed = done != lastDone;
    if (lastDone >= 0 && now > lastAt) {
      double instant = (done - lastDone) * 1000.0 / (now - lastAt);
      speed = speed == 0 ? instant : 0.7 * speed + 0.3 * instant; // smooth, so ETA does not jump
    }
    lastDone = done;
    lastAt = now;
    return changed;
  }

  Sample current() {
    long rate = (long) Math.max(0, speed);
    return new Sample(done, size, rate, rate <= 0 ? null : (size - done) / rate);
  }
}
