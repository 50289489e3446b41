package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ShareAccess;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every peer API answer in progress on a share, by caller and share, so that a revoke, a removed
 * share or a vanished share folder ends them at once instead of when they finish.
 *
 * <p>An answer registers when its grant has been checked ({@link #open}) and leaves when the
 * response ends or its connection closes. After every committed grant change ({@link
 * ShareAccess#onChange}) each answer's grant is looked up again in the new snapshot: one that is no
 * longer granted the same folder is cut. A cut answer whose head is not written yet becomes the
 * same fixed 404 as any ungranted request; one already streaming is reset (the connection closes
 * mid-body, so the reader sees an error, never a clean short file). A share folder that disappears
 * (deleted, moved, replaced) is noticed by one cheap check of the folders that have answers in
 * progress, every {@link #FOLDER_CHECK_MS} ms while there are any: no thread or timer per answer.
 */
final class InFlight {
  /** How often the folders of answers in progress are checked (a stat each, off the loop). */
  static final long FOLDER_CHECK_MS = 250;

  private final Vertx vertx;
  private final ShareAccess shares;
  private final Set<Flight> flights = ConcurrentHashMap.newKeySet();
  private final AtomicLong timer = new AtomicLong(-1);
  private final AtomicBoolean checking = new AtomicBoolean();
  // The folder's identity when first seen with answers in progress: a folder replaced by another
  // one of the same name is a different share's content.
  private final Map<Path, Object> folderKeys = new ConcurrentHashMap<>();

  InFlight(Vertx vertx, ShareAccess shares) {
    this.vertx = vertx;
    this.shares = shares;
    shares.onChange(this::recheck);
  }

  /** One answer in progress for {@code caller} on {@code share}. */
  final class Flight {
    private final PeerId caller;
    private final GrantedShare share;
    private final HttpServerResponse response;
    private final Context context;
    private final boolean writes;
    private final AtomicBoolean cut = new AtomicBoolean();
    private volatile boolean streaming;

    private Flight(
        PeerId caller,
        GrantedShare share,
        HttpServerResponse response,
        Context ctx,
        boolean writes) {
      this.caller = caller;
      this.writes = writes;
      this.share = share;
      this.response = response;
      this.context = ctx;
    }

    /** True once the grant is gone: the answer must not be started or continued. */
    boolean isCut() {
      return cut.get();
    }

    /**
     * Marks the start of the body (a pipe or a stream of writes): from now on a cut resets the
     * connection instead of answering 404, even before the head is on the wire.
     */
    void streaming() {
      streaming = true;
    }

    private boolean stillGranted() {
      Optional<GrantedShare> now = shares.share(caller, share.name());
      return now.isPresent()
          && now.get().folder().equals(share.folder())
          && (!writes || now.get().access().allowsWrite());
    }

    private void cut() {
      if (!cut.compareAndSet(false, true)) {
        return;
      }
      flights.remove(this);
      context.runOnContext(
          v -> {
            if (response.ended() || response.closed()) {
              return;
            }
            if (streaming || response.headWritten()) {
              response.reset(); // closes the connection: the body stops short of its length
            } else {
              ApiError.NOT_FOUND.send(response, null); // as if it had never been granted
            }
          });
    }
  }

  /**
   * Registers an answer whose grant was just checked; call on the request's event loop. The grant
   * is looked up again after registering, so a revoke committed in between cannot be missed.
   */
  Flight open(PeerId caller, GrantedShare share, HttpServerResponse response) {
    return open(caller, share, response, false);
  }

  /**
   * As {@link #open}; a {@code writes} answer (an upload) is also cut when the grant is lowered to
   * READ.
   */
  Flight open(PeerId caller, GrantedShare share, HttpServerResponse response, boolean writes) {
    Flight f = new Flight(caller, share, response, vertx.getOrCreateContext(), writes);
    flights.add(f);
    response.endHandler(v -> flights.remove(f)); // on the last byte and on a closed connection
    if (!f.stillGranted()) {
      f.cut();
    }
    ensureFolderChecks();
    return f;
  }

  /** After a committed grant change: cut every answer its caller is no longer granted. */
  void recheck() {
    for (Flight f : flights) {
      if (!f.stillGranted()) {
        f.cut();
      }
    }
  }

  private void ensureFolderChecks() {
    if (timer.get() < 0) {
      long id = vertx.setPeriodic(FOLDER_CHECK_MS, this::checkFolders);
      if (!timer.compareAndSet(-1, id)) {
        vertx.cancelTimer(id);
      }
    }
  }

  private void checkFolders(long id) {
    if (flights.isEmpty()) {
      vertx.cancelTimer(id);
      timer.compareAndSet(id, -1);
      folderKeys.clear();
      if (!flights.isEmpty()) {
        ensureFolderChecks();
      }
      return;
    }
    if (!checking.compareAndSet(false, true)) {
      return; // the last check is still running (a slow disk): never pile them up
    }
    Set<Path> folders = new HashSet<>();
    flights.forEach(f -> folders.add(f.share.folder()));
    vertx
        .executeBlocking(() -> vanished(folders), false)
        .onComplete(
            ar -> {
              checking.set(false);
              if (ar.succeeded() && !ar.result().isEmpty()) {
                for (Flight f : flights) {
                  if (ar.result().contains(f.share.folder())) {
                    f.cut();
                  }
                }
              }
            });
  }

  /** The folders that are no longer the directory they were when first checked. Blocking. */
  private Set<Path> vanished(Set<Path> folders) {
    Set<Path> gone = new HashSet<>();
    Map<Path, Object> seen = new HashMap<>();
    for (Path folder : folders) {
      Object key;
      try {
        BasicFileAttributes a =
            Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        key = a.isDirectory() ? Objects.requireNonNullElse(a.fileKey(), folder) : null;
      } catch (IOException e) {
        key = null;
      }
      if (key == null) {
        gone.add(folder);
        continue;
      }
      Object before = folderKeys.putIfAbsent(folder, key);
      if (before != null && !before.equals(key)) {
        gone.add(folder);
      }
      seen.put(folder, key);
    }
    folderKeys.keySet().retainAll(seen.keySet());
    return gone;
  }
}
