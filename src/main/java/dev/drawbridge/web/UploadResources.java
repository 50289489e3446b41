package dev.drawbridge.web;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.web.LocalApiErrors.Failure;
import dev.drawbridge.web.UploadProxy.Answers;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code /api/v1/uploads/{localId}}: the browser's resumable uploads, mirroring the host's upload
 * resource (draft-ietf-httpbis-resumable-upload):
 *
 * <ul>
 *   <li>{@code PATCH} with Upload-Offset: a slice of the file (at most {@link #MAX_SLICE}); it goes
 *       on as host parts ({@link PartPump}) and answers 204 + the new Upload-Offset, or 201 +
 *       Location + Repr-Digest when it completed the file. An offset the host does not have: 409
 *       offset_mismatch with the host's Upload-Offset.
 *   <li>{@code HEAD}: the host's offset (after a dropped connection the page asks, then goes on).
 *   <li>{@code DELETE}: cancels at the host; nothing is placed.
 * </ul>
 *
 * An id this peer does not know (it restarted, or 24 h passed) is 404: the page starts that file
 * again.
 */
@ApplicationScoped
public class UploadResources {
  static final String PREFIX = "/api/v1/uploads/";

  /** What one PATCH may carry: the page sends 8 MiB slices. */
  static final int MAX_SLICE = 16 * 1024 * 1024;

  @Inject PeerNode node;
  @Inject BrowserUploads uploads;
  @Inject UploadProgress progress;

  void install(@Observes Router router) {
    router.routeWithRegex("^/api/v1/uploads/[A-Za-z0-9_-]+$").order(-1001).handler(this::handle);
  }

  void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    req.pause();
    String id = req.path().substring(PREFIX.length());
    BrowserUploads.Entry entry = uploads.find(id).orElse(null);
    if (entry == null) {
      Answers.refuse(
          rc,
          new Failure(
              404,
              "unknown_upload",
              "This upload is not known here (this peer restarted or it expired): start the file"
                  + " again."));
      return;
    }
    HttpMethod m = req.method();
    if (m == HttpMethod.HEAD) {
      offset(rc, entry);
    } else if (m == HttpMethod.PATCH) {
      append(rc, entry);
    } else if (m == HttpMethod.DELETE) {
      cancel(rc, entry);
    } else {
      Answers.refuse(rc, new Failure(405, "method_not_allowed", "PATCH, HEAD or DELETE"));
    }
  }

  private void offset(RoutingContext rc, BrowserUploads.Entry entry) {
    node.uploads()
        .offset(entry.target.peer(), entry.hostLocation)
        .onFailure(e -> Answers.refuse(rc, UploadRefusals.of(e, entry.target)))
        .onSuccess(
            k -> {
              entry.offset = k;
              rc.response()
                  .setStatusCode(204)
                  .putHeader("Upload-Offset", Long.toString(k))
                  .putHeader("Upload-Length", Long.toString(entry.length))
                  .putHeader("Upload-Complete", "?0")
                  .putHeader("Cache-Control", "no-store")
                  .end();
            });
  }

  private void append(RoutingContext rc, BrowserUploads.Entry entry) {
    HttpServerRequest req = rc.request();
    long at = Answers.longHeader(req, "Upload-Offset");
    long size = Answers.longHeader(req, "Content-Length");
    if (at < 0 || size < 0) {
      Answers.refuse(
          rc, new Failure(400, "invalid", "a slice needs Upload-Offset and Content-Length"));
      return;
    }
    if (size > MAX_SLICE) {
      Answers.refuse(rc, new Failure(413, "too_large", "send slices of at most " + MAX_SLICE));
      return;
    }
    if (at + size > entry.length) {
      Answers.refuse(rc, new Failure(400, "invalid", "the slice goes past the Upload-Length"));
      return;
    }
    if (!entry.busy.compareAndSet(false, true)) {
      Answers.refuse(rc, new Failure(409, "busy", "another slice of this upload is on its way"));
      return;
    }
    boolean completes = at + size == entry.length;
    int part = UploadProxy.partSize(entry.maxPart, MAX_SLICE);
    new PartPump(
            node.uploads(),
            entry.target.peer(),
            entry.hostLocation,
            req,
            part,
            at,
            at + size,
            completes,
            false,
            sent -> {
              entry.offset = sent;
              progress.moved(entry.target, sent, entry.length);
            })
        .run()
        .onComplete(ar -> entry.busy.set(false))
        .onSuccess(r -> appended(rc, entry, completes, r))
        .onFailure(e -> refused(rc, entry, e));
  }

  private void appended(
      RoutingContext rc, BrowserUploads.Entry entry, boolean completes, UploadClient.Result r) {
    if (!completes) {
      rc.response()
          .setStatusCode(204)
          .putHeader("Upload-Offset", Long.toString(entry.offset))
          .end();
      return;
    }
    uploads.remove(entry.id);
    progress.finished(entry.target);
    Answers.placed(rc, new UploadProxy.Named(entry.target, null, false), r);
  }

  private void refused(RoutingContext rc, BrowserUploads.Entry entry, Throwable e) {
    if (e instanceof PeerApiException p && "offset_mismatch".equals(p.code())) {
      node.uploads()
          .offset(entry.target.peer(), entry.hostLocation)
          .onComplete(
              k -> {
                if (k.succeeded()) {
                  entry.offset = k.result();
                  rc.response().putHeader("Upload-Offset", Long.toString(k.result()));
                }
                Answers.refuse(rc, UploadRefusals.of(e, entry.target));
              });
      return;
    }
    if (e instanceof PeerApiException p && p.status() < 500 && p.status() != 429) {
      uploads.remove(entry.id); // the host gave this upload up: the page must not resume it
      progress.finished(entry.target);
    }
    Answers.refuse(rc, UploadRefusals.of(e, entry.target));
  }

  private void cancel(RoutingContext rc, BrowserUploads.Entry entry) {
    uploads.remove(entry.id);
    progress.finished(entry.target);
    node.uploads()
        .cancel(entry.target.peer(), entry.hostLocation)
        .onComplete(
            ar -> {
              HttpServerResponse out = rc.response();
              if (ar.failed() && !(ar.cause() instanceof PeerApiException p && p.status() == 404)) {
                Answers.refuse(rc, UploadRefusals.of(ar.cause(), entry.target));
              } else {
                out.setStatusCode(204).end();
              }
            });
  }
}
