package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.upload.DigestField;
import dev.drawbridge.upload.PartWriter;
import dev.drawbridge.upload.PeerBudget;
import dev.drawbridge.upload.Upload;
import dev.drawbridge.upload.UploadRefusal;
import dev.drawbridge.upload.UploadRefusal.Reason;
import dev.drawbridge.upload.UploadTarget;
import dev.drawbridge.upload.Uploads;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Uploads into a share (docs/protocol.md "Uploads"); the grant (READ_WRITE) and the path rules are
 * checked by {@link PeerApi} before anything here:
 *
 * <pre>
 *   PUT /peer/v1/shares/{share}/{path}  Upload-Length: N, Upload-Complete: ?1, Content-Digest
 *        → the body is the file: 201 Created, ETag, Repr-Digest, Location
 *   PUT ... Upload-Complete: ?0, Content-Length: 0   (every check happens here, before any byte)
 *        → 202, Location: /peer/v1/uploads/{id}, Upload-Offset: 0, Upload-Limit: max-size=…
 *   HEAD   /peer/v1/uploads/{id}  → 204, Upload-Offset (the verified offset), Upload-Length
 *   PATCH  /peer/v1/uploads/{id}  Upload-Offset: K, Content-Digest, [Upload-Complete: ?1]
 *        → 204 + Upload-Offset: K+L, or on the last part 201 as above
 *   DELETE /peer/v1/uploads/{id}  → 204 (partial and record removed)
 *   MKCOL  /peer/v1/shares/{share}/{path}/ → 201 created (with parents), 204 already a folder
 * </pre>
 *
 * Every refusal is an {@link UploadRefusal}, turned into a status in one place ({@link #refuse}).
 * Another peer's upload id is the same fixed 404 as an unknown one.
 */
final class UploadResponder {
  private static final Logger LOG = Logger.getLogger(UploadResponder.class);
  static final String UPLOADS = "/peer/v1/uploads/";

  private final Vertx vertx;
  private final ShareAccess shares;
  private final Uploads uploads;
  private final PeerBudget budget;

  UploadResponder(Vertx vertx, ShareAccess shares, Uploads uploads, PeerBudget budget) {
    this.vertx = vertx;
    this.shares = shares;
    this.uploads = uploads;
    this.budget = budget;
    // A revoke (or a grant lowered to READ, or a removed share) also ends uploads not in flight.
    shares.onChange(
        () ->
            vertx.executeBlocking(
                () -> uploads.removeWhere(u -> u.target().share() != null && !stillWritable(u)),
                false));
  }

  private boolean stillWritable(Upload u) {
    Optional<PeerId> peer = PeerId.tryParse(u.peerId());
    Optional<GrantedShare> g = peer.flatMap(p -> shares.share(p, u.target().share()));
    return g.isPresent()
        && g.get().access().allowsWrite()
        && g.get().folder().equals(u.target().root());
  }

  /** PUT of a file in a share the caller may write. */
  void put(
      PeerId caller,
      HttpServerRequest req,
      GrantedShare share,
      SharePath path,
      InFlight.Flight flight) {
    put(
        caller,
        req,
        new UploadTarget(share.folder(), path, share.name(), share.rules()),
        PeerApiClient.uri(share.name(), path, false),
        flight);
  }

  /**
   * PUT into any target (a share's folder, or the folder a push offer was accepted into); the
   * caller checked who may write there. {@code location} names the created file in a 201.
   */
  void put(
      PeerId caller,
      HttpServerRequest req,
      UploadTarget target,
      String location,
      InFlight.Flight flight) {
    req.pause();
    long length;
    boolean complete;
    String content;
    String repr;
    try {
      length = sizeHeader(req, "Upload-Length");
      complete = completeHeader(req);
      content = DigestField.sha256(req.getHeader("Content-Digest"));
      repr = DigestField.sha256(req.getHeader("Repr-Digest"));
      long body = req.getHeader("Content-Length") == null ? 0 : sizeHeader(req, "Content-Length");
      if (!complete && body != 0) {
        throw new UploadRefusal(Reason.BAD_REQUEST, "a create (Upload-Complete: ?0) has no body");
      }
      if (complete && body != length) {
        throw new UploadRefusal(Reason.BAD_REQUEST, "Upload-Length must equal Content-Length");
      }
      if (complete && length > Uploads.MAX_PART) {
        throw new UploadRefusal(Reason.TOO_LARGE, "send files this large as a resumable upload");
      }
      if (complete && repr != null && content != null && !repr.equals(content)) {
        throw new UploadRefusal(Reason.DIGEST_MISMATCH, "Repr-Digest differs from Content-Digest");
      }
    } catch (UploadRefusal e) {
      refuse(req.response(), e);
      return;
    }
    String ifMatch = req.getHeader("If-Match");
    if (!complete) {
      vertx
          .executeBlocking(
              () -> uploads.create(caller.value(), target, length, repr, ifMatch, true), false)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  refuse(req.response(), ar.cause());
                } else {
                  req.response()
                      .setStatusCode(202)
                      .putHeader("Location", UPLOADS + ar.result().id())
                      .putHeader("Upload-Offset", "0")
                      .putHeader("Upload-Limit", "max-size=" + Uploads.MAX_PART)
                      .putHeader("Cache-Control", "no-store")
                      .end();
                }
              });
      return;
    }
    body(
        caller,
        req,
        flight,
        location,
        again -> {
          Upload u = uploads.create(caller.value(), target, length, repr, ifMatch, false);
          try {
            return uploads.begin(u, 0, length, content, true, repr);
          } catch (UploadRefusal e) {
            uploads.remove(u);
            throw e;
          }
        });
  }

  /** MKCOL: the folder and any missing parents; 201 when made, 204 when it already was one. */
  void mkcol(HttpServerRequest req, GrantedShare share, SharePath path) {
    vertx
        .executeBlocking(() -> uploads.makeFolder(share.folder(), path), false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                refuse(req.response(), ar.cause());
              } else {
                req.response().setStatusCode(ar.result() ? 201 : 204).end();
              }
            });
  }

  /** HEAD, PATCH or DELETE of an upload resource. */
  void resource(PeerId caller, HttpServerRequest req, String id, InFlightOpener flights) {
    Optional<Upload> found = uploads.find(caller.value(), id);
    Optional<GrantedShare> share =
        found
            .flatMap(u -> Optional.ofNullable(u.target().share()))
            .flatMap(n -> shares.share(caller, n))
            .filter(
                g -> g.access().allowsWrite() && g.folder().equals(found.get().target().root()));
    if (found.isEmpty() || (found.get().target().share() != null && share.isEmpty())) {
      ApiError.NOT_FOUND.send(req.response(), null);
      return;
    }
    Upload u = found.get();
    switch (req.method().name()) {
      case "HEAD" ->
          req.response()
              .setStatusCode(204)
              .putHeader("Upload-Offset", Long.toString(u.offset()))
              .putHeader("Upload-Length", Long.toString(u.length()))
              .putHeader("Upload-Complete", "?0")
              .putHeader("Upload-Limit", "max-size=" + Uploads.MAX_PART)
              .putHeader("Cache-Control", "no-store")
              .end();
      case "DELETE" ->
          vertx
              .executeBlocking(
                  () -> {
                    uploads.remove(u);
                    return null;
                  },
                  false)
              .onComplete(ar -> req.response().setStatusCode(204).end());
      case "PATCH" ->
          patch(caller, req, u, share.map(g -> flights.open(caller, g, req)).orElse(null));
      default -> {
        req.response().putHeader("Allow", "HEAD, PATCH, DELETE");
        ApiError.METHOD_NOT_ALLOWED.send(req.response(), null);
      }
    }
  }

  /** Opens the revoke registration for a PATCH body (PeerApi's InFlight). */
  interface InFlightOpener {
    InFlight.Flight open(PeerId caller, GrantedShare share, HttpServerRequest req);
  }

  private void patch(PeerId caller, HttpServerRequest req, Upload u, InFlight.Flight flight) {
    req.pause();
    long offset;
    long length;
    boolean complete;
    String content;
    String repr;
    try {
      offset = sizeHeader(req, "Upload-Offset");
      length = sizeHeader(req, "Content-Length");
      complete = completeHeader(req);
      content = DigestField.sha256(req.getHeader("Content-Digest"));
      repr = DigestField.sha256(req.getHeader("Repr-Digest"));
    } catch (UploadRefusal e) {
      refuse(req.response(), e);
      return;
    }
    // An upload outside any share (a push offer's file) has no share path to name.
    String location =
        u.target().share() == null
            ? UPLOADS + u.id()
            : PeerApiClient.uri(u.target().share(), u.target().path(), false);
    body(
        caller,
        req,
        flight,
        location,
        again -> uploads.begin(u, offset, length, content, complete, repr, again));
  }

  /**
   * Something that opens a part off the event loop (it may re-hash a prefix after a restart); it
   * returns null when the part was queued behind the one being written, and then calls {@code
   * whenSettled} once that one has settled.
   */
  private interface Opening {
    PartWriter open(Runnable whenSettled) throws UploadRefusal;
  }

  /**
   * Takes a body slot for the caller, opens the part (a PATCH queued behind the part being written
   * waits, paused, keeping its slot), streams the body in and answers.
   */
  private void body(
      PeerId caller,
      HttpServerRequest req,
      InFlight.Flight flight,
      String location,
      Opening opening) {
    if (!budget.enter(caller.value())) {
      req.resume();
      refuse(
          req.response(),
          new UploadRefusal(
              Reason.TOO_MANY_UPLOADS, "too many uploads at once from you; retry in a moment"));
      return;
    }
    open(caller, req, flight, location, opening, vertx.getOrCreateContext());
  }

  /** Opens the part with the caller's slot held; again when a queued part's turn comes. */
  private void open(
      PeerId caller,
      HttpServerRequest req,
      InFlight.Flight flight,
      String location,
      Opening opening,
      Context ctx) {
    Runnable again = () -> ctx.runOnContext(v -> open(caller, req, flight, location, opening, ctx));
    vertx
        .executeBlocking(
            () -> {
              if (req.response().closed()) {
                throw new java.io.IOException("the sender went away while its part waited");
              }
              return Optional.ofNullable(opening.open(again));
            },
            false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                budget.leave(caller.value());
                req.resume();
                refuse(req.response(), ar.cause());
                return;
              }
              if (ar.result().isEmpty()) {
                return; // queued: `again` runs when the part ahead has settled
              }
              PartIntake.run(vertx, req, ar.result().get(), budget, caller.value(), flight)
                  .onComplete(
                      done -> {
                        budget.leave(caller.value());
                        if (done.failed()) {
                          refuse(req.response(), done.cause());
                        } else {
                          answer(req.response(), done.result(), location);
                        }
                      });
            });
  }

  private static void answer(HttpServerResponse resp, PartWriter.Outcome o, String location) {
    resp.putHeader("Upload-Offset", Long.toString(o.offset()))
        .putHeader("Cache-Control", "no-store");
    if (!o.complete()) {
      resp.setStatusCode(204).end();
      return;
    }
    resp.setStatusCode(201)
        .putHeader("Upload-Complete", "?1")
        .putHeader("ETag", o.etag())
        .putHeader("Repr-Digest", DigestField.of(o.sha256()))
        .putHeader("Location", location)
        .end();
  }

  /** The one place an upload refusal becomes a status (ApiError has a constant per reason). */
  static void refuse(HttpServerResponse resp, Throwable cause) {
    if (cause instanceof UploadRefusal r) {
      if (r.offset() >= 0 && !resp.headWritten()) {
        resp.putHeader("Upload-Offset", Long.toString(r.offset()));
      }
      ApiError.valueOf(r.reason().name()).send(resp, r.getMessage());
    } else if (resp.closed()
        || cause instanceof java.io.IOException
        || cause instanceof io.vertx.core.http.HttpClosedException) {
      // The sender went away mid-body (or a revoke cut it): the part is simply not taken.
      LOG.debugf("upload body ended early: %s", cause.getMessage());
      if (!resp.closed()) {
        resp.reset();
      }
    } else {
      LOG.warnf(cause, "upload failed");
      ApiError.INTERNAL.send(resp, null);
    }
  }

  private static long sizeHeader(HttpServerRequest req, String name) throws UploadRefusal {
    String v = req.getHeader(name);
    try {
      long n = Long.parseLong(v == null ? "" : v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UploadRefusal(Reason.BAD_REQUEST, name + " must be a size in bytes");
  }

  private static boolean completeHeader(HttpServerRequest req) throws UploadRefusal {
    String v = req.getHeader("Upload-Complete");
    if (v == null || v.strip().equals("?0")) {
      return false;
    } else if (v.strip().equals("?1")) {
      return true;
    }
    throw new UploadRefusal(Reason.BAD_REQUEST, "Upload-Complete must be ?1 or ?0");
  }
}
