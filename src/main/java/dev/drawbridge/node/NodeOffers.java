package dev.drawbridge.node;

import dev.drawbridge.offer.AutoAccept;
import dev.drawbridge.offer.FileSender;
import dev.drawbridge.offer.Inbox;
import dev.drawbridge.offer.InboxRules;
import dev.drawbridge.offer.Intake;
import dev.drawbridge.offer.OfferResponder;
import dev.drawbridge.offer.Outbox;
import dev.drawbridge.peerapi.PeerApi;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.share.UploadRules;
import dev.drawbridge.upload.UploadTarget;
import dev.drawbridge.upload.Uploads;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A peer's push offers, wired to its parts: the inbox behind {@code /peer/v1/offers}, accepted
 * files received by the same upload receiver as shares (a target outside any share), and the outbox
 * sending with the upload client. The owner's settings are read on each use.
 */
final class NodeOffers {
  static final String FOLDER_SETTING = "offers.destination";

  /** How often expired offers are looked for (expiry is set in whole seconds). */
  static final long SWEEP_MS = 1_000;

  private final Vertx vertx;
  private final NodeStores stores;
  private final Path defaultFolder;
  private final Inbox inbox;
  // Issued targets waiting for their file: sender + absolute path → the offer's "arrived".
  private final Map<String, Consumer<String>> waiting = new ConcurrentHashMap<>();
  private Outbox outbox;
  private long sweepTimer = -1;

  NodeOffers(Vertx vertx, NodeStores stores, Path defaultFolder, PeerApi api, Uploads incoming) {
    this.vertx = vertx;
    this.stores = stores;
    this.defaultFolder = defaultFolder;
    this.inbox =
        new Inbox(
            stores.offers(),
            p -> stores.contacts().contacts().contains(p),
            this::rules,
            System::currentTimeMillis);
    api.serveOffers(new OfferResponder(vertx, inbox, intake(api)));
    incoming.onPlaced(
        (u, placedAt) -> {
          if (u.target().share() == null) {
            Consumer<String> arrived =
                waiting.remove(key(u.peerId(), u.target().root(), placedAt.toString()));
            if (arrived != null) {
              arrived.accept(placedAt.toString());
            }
          }
        });
  }

  /** Starts the outbox (offers sent before a restart go on) and the expiry sweep. */
  void start(PeerApiClient client, UploadClient uploads) {
    outbox = new Outbox(vertx, stores.offers(), client, sender(uploads));
    outbox.resume();
    sweepTimer =
        vertx.setPeriodic(
            SWEEP_MS,
            id ->
                vertx.executeBlocking(
                    () ->
                        inbox.nextExpiry().filter(t -> t <= System.currentTimeMillis()).isPresent()
                            ? inbox.sweep()
                            : 0,
                    false));
  }

  void stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    if (outbox != null) {
      outbox.close();
    }
  }

  Inbox inbox() {
    return inbox;
  }

  Outbox outbox() {
    return outbox;
  }

  /** The owner's offer settings, read on each use so a change applies to the next offer. */
  InboxRules rules() {
    Duration expiry =
        stores
            .settings()
            .read(InboxRules.EXPIRY_SETTING)
            .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
            .orElse(InboxRules.DEFAULT_EXPIRY);
    Path folder = stores.settings().read(FOLDER_SETTING).map(Path::of).orElse(defaultFolder);
    AutoAccept auto =
        stores
            .settings()
            .read(AutoAccept.SETTING)
            .map(AutoAccept::fromJson)
            .orElse(AutoAccept.NONE);
    boolean accepting =
        !stores
            .settings()
            .read(InboxRules.ACCEPTING_SETTING)
            .orElse("true")
            .strip()
            .equals("false");
    return new InboxRules(expiry, folder, auto, accepting);
  }

  /**
   * An accepted file goes through the share upload code with a target outside any share: at most
   * the size the sender stated (the owner accepted that size), never replacing anything.
   */
  private Intake intake(PeerApi api) {
    return (caller, req, target, label, placed) -> {
      String length = req.getHeader("Upload-Length");
      if (length == null || !length.equals(Long.toString(target.size()))) {
        req.resume();
        req.response()
            .setStatusCode(400)
            .putHeader("Content-Type", "application/json")
            .end(
                new JsonObject()
                    .put("error", "bad_request")
                    .put("message", "Upload-Length must be the offered size, " + target.size())
                    .encode());
        return;
      }
      UploadRules rules =
          new UploadRules(false, target.size(), 0, 0, UploadRules.DEFAULT.reserveBytes());
      waiting.put(key(caller.value(), target.folder(), target.path().toString()), placed);
      api.putInto(
          caller, req, new UploadTarget(target.folder(), target.path(), null, rules), req.path());
    };
  }

  private static FileSender sender(UploadClient uploads) {
    return (peer, uri, local, progress, stop) ->
        uploads.sendFileTo(peer, uri, local, null, progress, stop::getAsBoolean).mapEmpty();
  }

  private static String key(String peerId, Path root, String path) {
    return peerId + "\n" + root.resolve(path);
  }
}
