package dev.drawbridge.offer;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.PeerApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Offers this peer sent: posts each one, follows the receiver's answers by long poll, and uploads
 * the files the receiver accepted, one at a time per offer ({@link FileSender}). Survives restarts:
 * {@link #resume} picks every unfinished offer up again. Runs on the event loop; the store is
 * written on worker threads, in order.
 */
public final class Outbox {
  private static final Logger LOG = Logger.getLogger(Outbox.class);
  private static final long MAX_BACKOFF_MS = 60_000;

  private final Vertx vertx;
  private final OfferStore store;
  private final OfferClient client;
  private final FileSender sender;
  private final Map<String, SentOffer> offers = new ConcurrentHashMap<>();
  private final Map<String, String> versions = new ConcurrentHashMap<>();
  private final Map<String, Long> backoff = new ConcurrentHashMap<>();
  private final Set<String> uploading = ConcurrentHashMap.newKeySet();
  private final Set<String> polling = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> retryAt = new ConcurrentHashMap<>();
  private static final long UPLOAD_RETRY_MS = 2_000;

  /** Bytes sent of the file being uploaded, per offer: "id/n" → bytes. */
  private final Map<String, Long> progress = new ConcurrentHashMap<>();

  private final List<Consumer<SentOffer>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public Outbox(Vertx vertx, OfferStore store, PeerApiClient client, FileSender sender) {
    this.vertx = vertx;
    this.store = store;
    this.client = new OfferClient(client);
    this.sender = sender;
  }

  public void onChange(Consumer<SentOffer> listener) {
    listeners.add(listener);
  }

  /** Loads sent offers (blocking: call from a worker) and follows the unfinished ones again. */
  public void resume() {
    for (SentOffer s : store.sent()) {
      offers.put(s.id(), s);
      if (!s.finished()) {
        vertx.runOnContext(v -> drive(s.id()));
      }
    }
  }

  /** Offers {@code paths} (absolute files or folders) to {@code peer}; blocking: reads the disk. */
  public SentOffer send(PeerId peer, List<Path> paths, String note) throws java.io.IOException {
    String text = note == null ? "" : note.strip();
    if (text.length() > InboxRules.MAX_NOTE) {
      throw OfferRefused.bad("the note is longer than " + InboxRules.MAX_NOTE + " characters");
    }
    SentOffer s =
        new SentOffer(
            Inbox.newId(),
            peer.value(),
            null,
            text,
            OfferFiles.of(paths),
            OfferState.PENDING,
            false,
            System.currentTimeMillis());
    store.saveSent(s);
    offers.put(s.id(), s);
    vertx.runOnContext(v -> drive(s.id()));
    return s;
  }

  public List<SentOffer> all() {
    return offers.values().stream()
        .sorted(Comparator.comparingLong(SentOffer::createdAt).reversed())
        .toList();
  }

  public Optional<SentOffer> find(String id) {
    return Optional.ofNullable(offers.get(id));
  }

  /** Bytes of file {@code n} sent so far (while it is being sent; its size once completed). */
  public long sent(String id, int n) {
    SentOffer s = offers.get(id);
    if (s != null && s.files().get(n).state() == FileState.COMPLETED) {
      return s.files().get(n).size();
    }
    return progress.getOrDefault(id + "/" + n, 0L);
  }

  /** The owner withdraws the offer: uploads stop at a part boundary; the receiver forgets it. */
  public Future<Void> withdraw(String id) {
    SentOffer s = offers.get(id);
    if (s == null) {
      return Future.failedFuture(OfferRefused.notFound());
    }
    update(s.with(s.remoteId(), s.state(), true));
    return s.remoteId() == null
        ? Future.succeededFuture()
        : client.withdraw(PeerId.parse(s.peer()), s.remoteId()).otherwiseEmpty();
  }

  /** Stops following offers (the node stops); uploads under way stop at their next part. */
  public void close() {
    closed = true;
  }

  /** One step of an offer's life; each step schedules the next until the offer is finished. */
  private void drive(String id) {
    SentOffer s = offers.get(id);
    if (closed || s == null || s.finished() || !polling.add(id)) {
      return;
    }
    PeerId peer = PeerId.parse(s.peer());
    Future<?> step =
        s.remoteId() == null
            ? client
                .offer(peer, body(s))
                .onSuccess(rid -> update(offers.get(id).with(rid, OfferState.PENDING, false)))
            : client
                .status(peer, s.remoteId(), versions.get(id))
                .onSuccess(view -> answered(id, view));
    step.onComplete(
        ar -> {
          polling.remove(id);
          if (ar.succeeded()) {
            backoff.remove(id);
            pump(id);
            vertx.runOnContext(v -> drive(id));
          } else if (ar.cause() instanceof PeerApiException e && e.status() != 429) {
            refused(id, e);
          } else {
            retryLater(id, ar.cause());
          }
        });
  }

  private void answered(String id, JsonObject view) {
    SentOffer s = offers.get(id);
    versions.put(id, view.getString("version", ""));
    SentOffer next = s.with(s.remoteId(), OfferState.ofWire(view.getString("state")), false);
    JsonArray files = view.getJsonArray("files", new JsonArray());
    for (int i = 0; i < files.size() && i < next.files().size(); i++) {
      FileState theirs = FileState.ofWire(files.getJsonObject(i).getString("state"));
      OfferFile mine = next.files().get(i);
      // Our own COMPLETED/FAILED stand; otherwise the receiver's word is the state.
      if (!mine.state().settled() && theirs != mine.state()) {
        next = next.withFile(mine.with(theirs));
      }
    }
    update(next);
  }

  /** The receiver refused the offer (or forgot it: 404 after it expired or was cleared). */
  private void refused(String id, PeerApiException e) {
    SentOffer s = offers.get(id);
    LOG.infof("offer %s to %s: %s (%d %s)", id, s.peer(), e.getMessage(), e.status(), e.code());
    OfferState state =
        s.remoteId() != null && e.status() == 404 ? OfferState.EXPIRED : OfferState.REJECTED;
    SentOffer next = s.with(s.remoteId(), state, false);
    for (OfferFile f : next.files()) {
      if (!f.state().settled() && !uploading.contains(id)) {
        next = next.withFile(f.with(s.remoteId() == null ? FileState.FAILED : FileState.REJECTED));
      }
    }
    update(next);
  }

  private void retryLater(String id, Throwable cause) {
    long wait = Math.min(MAX_BACKOFF_MS, backoff.getOrDefault(id, 500L) * 2);
    backoff.put(id, wait);
    LOG.debugf("offer %s: %s; trying again in %d ms", id, cause.getMessage(), wait);
    vertx.setTimer(wait, t -> drive(id));
  }

  /** Starts the next accepted file's upload unless one of this offer's is under way. */
  private void pump(String id) {
    SentOffer s = offers.get(id);
    if (closed || s == null || s.withdrawn() || s.remoteId() == null) {
      return;
    }
    Optional<OfferFile> next =
        s.files().stream().filter(f -> f.state() == FileState.ACCEPTED).findFirst();
    if (next.isEmpty()
        || retryAt.getOrDefault(id, 0L) > System.currentTimeMillis()
        || !uploading.add(id)) {
      return;
    }
    OfferFile f = next.get();
    String key = id + "/" + f.n();
    sender
        .send(
            PeerId.parse(s.peer()),
            OfferClient.fileUri(s.remoteId(), f.n()),
            Path.of(f.placedAs()),
            bytes -> {
              progress.put(key, bytes);
              SentOffer now = offers.get(id);
              listeners.forEach(l -> l.accept(now));
            },
            () -> closed || offers.get(id).withdrawn())
        .onComplete(
            ar -> {
              uploading.remove(id);
              progress.remove(key);
              SentOffer now = offers.get(id);
              if (closed && ar.failed()) {
                return; // stopped by close(): the next start sends it again
              }
              if (ar.succeeded()) {
                update(now.withFile(now.files().get(f.n()).with(FileState.COMPLETED)));
              } else if (givesUp(ar.cause())) {
                LOG.warnf("offer %s file %d not sent: %s", id, f.n(), ar.cause().getMessage());
                update(now.withFile(now.files().get(f.n()).with(FileState.FAILED)));
              } else {
                LOG.infof("offer %s file %d: %s; trying again", id, f.n(), ar.cause().getMessage());
                retryAt.put(id, System.currentTimeMillis() + UPLOAD_RETRY_MS);
                vertx.setTimer(UPLOAD_RETRY_MS, t -> pump(id));
                return;
              }
              pump(id);
            });
  }

  /**
   * A refusal (4xx but "busy") or a local file that cannot be read ends that file; a broken link or
   * a full/busy receiver is tried again.
   */
  private static boolean givesUp(Throwable cause) {
    if (cause instanceof PeerApiException e) {
      return e.status() / 100 == 4 && e.status() != 429 && e.status() != 408;
    }
    return cause instanceof java.io.IOException;
  }

  private void update(SentOffer s) {
    if (closed) {
      return; // a late answer after the node stopped: the next start asks again
    }
    offers.put(s.id(), s);
    vertx.executeBlocking(
        () -> {
          store.saveSent(s);
          return null;
        },
        true);
    listeners.forEach(l -> l.accept(s));
  }

  private static JsonObject body(SentOffer s) {
    JsonArray files = new JsonArray();
    for (OfferFile f : s.files()) {
      files.add(
          new JsonObject()
              .put("n", f.n())
              .put("path", f.path())
              .put("size", f.size())
              .put("sha256", f.sha256()));
    }
    return new JsonObject()
        .put("id", s.id())
        .put("files", files)
        .put("total", s.totalBytes())
        .put("note", s.note());
  }
}
