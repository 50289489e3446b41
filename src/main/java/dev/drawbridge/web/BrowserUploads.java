package dev.drawbridge.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The browser's resumable uploads, by local id ({@code /api/v1/uploads/{localId}}), each mapped to
 * its upload resource on the host. Kept in memory only: an own-peer restart forgets them and the
 * page starts those files again (it says so). Idle ones go after 24 h, as the host's do.
 */
@ApplicationScoped
public class BrowserUploads {
  static final Duration IDLE = Duration.ofHours(24);

  /** Owner-only, but still bounded: a page in a loop must not grow this without end. */
  static final int MAX = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One upload: where it goes, its host resource, how far it got (for the live channel). */
  static final class Entry {
    final String id;
    final RemoteTarget target;
    final String hostLocation;
    final long length;
    final long maxPart;
    final AtomicBoolean busy = new AtomicBoolean();
    volatile long offset;
    volatile Instant touched;

    Entry(
        String id,
        RemoteTarget target,
        String hostLocation,
        long length,
        long maxPart,
        Instant now) {
      this.id = id;
      this.target = target;
      this.hostLocation = hostLocation;
      this.length = length;
      this.maxPart = maxPart;
      this.touched = now;
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  Clock clock = Clock.systemUTC();

  Entry add(RemoteTarget target, String hostLocation, long length, long maxPart) {
    sweep();
    if (entries.size() >= MAX) {
      throw new IllegalStateException("too many unfinished uploads");
    }
    byte[] raw = new byte[18];
    RANDOM.nextBytes(raw);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Entry e = new Entry(id, target, hostLocation, length, maxPart, clock.instant());
    entries.put(id, e);
    return e;
  }

  Optional<Entry> find(String id) {
    sweep();
    Entry e = entries.get(id);
    if (e != null) {
      e.touched = clock.instant();
    }
    return Optional.ofNullable(e);
  }

  void remove(String id) {
    entries.remove(id);
  }

  Collection<Entry> all() {
    return List.copyOf(entries.values());
  }

  private void sweep() {
    Instant oldest = clock.instant().minus(IDLE);
    entries.values().removeIf(e -> e.touched.isBefore(oldest));
  }
}
