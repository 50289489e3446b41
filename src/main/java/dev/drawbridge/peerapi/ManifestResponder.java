package dev.drawbridge.peerapi;

import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import dev.drawbridge.peerapi.manifest.ManifestJson;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * Answers {@code GET /peer/v1/manifests/{share}/{path}}: 200 with the manifest of the file's
 * current version, or 202 while it is being hashed (the caller polls after {@code Retry-After}).
 */
final class ManifestResponder {
  /** Seconds between polls: hashing runs at hundreds of MB/s, so most files are done by then. */
  static final String RETRY_AFTER = "1";

  private final Vertx vertx;
  private final ManifestCache manifests;

  ManifestResponder(Vertx vertx, ManifestCache manifests) {
    this.vertx = vertx;
    this.manifests = manifests;
  }

  private record Outcome(ApiError error, int status, String etag, String body) {}

  void respond(
      HttpServerRequest req,
      GrantedShare share,
      SharePath target,
      boolean wantsDirectory,
      InFlight.Flight flight) {
    // Stat, store lookup and JSON of up to 100,000 hashes all block or take a while: off the loop.
    vertx
        .executeBlocking(() -> answer(share, target, wantsDirectory), false)
        .onComplete(
            ar -> {
              if (flight.isCut()) {
                return; // revoked meanwhile: the cut answered the fixed 404
              } else if (ar.failed()) {
                ApiError.INTERNAL.send(req.response(), null);
              } else if (ar.result().error() != null) {
                ar.result().error().send(req.response(), null);
              } else {
                Outcome o = ar.result();
                req.response().setStatusCode(o.status()).putHeader("ETag", o.etag());
                if (o.status() == 202) {
                  req.response().putHeader("Retry-After", RETRY_AFTER);
                }
                PeerApi.json(req, o.body());
              }
            });
  }

  private Outcome answer(GrantedShare share, SharePath target, boolean wantsDirectory) {
    FileVersion version;
    try {
      version = FileLookup.find(share, target);
    } catch (FileLookup.IsDirectory e) {
      return new Outcome(ApiError.IS_DIRECTORY, 0, null, null);
    } catch (IOException | BadPathException e) {
      return new Outcome(ApiError.NOT_FOUND, 0, null, null);
    }
    if (wantsDirectory) {
      return new Outcome(ApiError.NOT_A_DIRECTORY, 0, null, null);
    }
    ManifestCache.Status status = manifests.request(version);
    if (status instanceof ManifestCache.Ready r) {
      return new Outcome(null, 200, version.etag(), ManifestJson.encode(r.manifest()));
    } else if (status instanceof ManifestCache.Computing c) {
      return new Outcome(
          null,
          202,
          version.etag(),
          new JsonObject().put("status", "computing").put("progress", c.progress()).encode());
    }
    return new Outcome(ApiError.NOT_FOUND, 0, null, null); // unreadable: as FileResponder would say
  }
}
