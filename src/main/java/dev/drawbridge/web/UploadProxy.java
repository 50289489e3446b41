package dev.drawbridge.web;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.transfer.LocalName;
import dev.drawbridge.web.LocalApiErrors.Failure;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * {@code PUT /api/v1/contacts/{peerId}/shares/{share}/{path}}: the owner's uploads into a contact's
 * share, through this peer (the browser never holds the mesh key).
 *
 * <ul>
 *   <li>Without Upload-Complete (curl -T): the host upload is created first (all the host's checks
 *       happen before any byte is read here), then the body streams through one part at a time
 *       ({@link PartPump}); 201 + Location of the placed file + Repr-Digest. A body cut short
 *       cancels the host upload: nothing is placed.
 *   <li>With Upload-Complete: ?0 and Upload-Length (the browser): only the host upload is created;
 *       202 + Location: /api/v1/uploads/{localId}; the slices follow there ({@link
 *       UploadResources}).
 *   <li>{@code ?rename=1}: when the host answers 409 exists, try "name (1).ext", "name (2).ext"...
 *       (the download numbering rule, {@link LocalName#numbered}).
 * </ul>
 *
 * Registered before Quarkus's body-size limit: these bodies are streamed, never buffered whole.
 */
@ApplicationScoped
public class UploadProxy {
  /** A curl -T body goes in parts of this size (the host may ask for smaller: Upload-Limit). */
  static final int STREAM_PART = 16 * 1024 * 1024;

  static final int MAX_RENAMES = 999;
  private static final Logger LOG = Logger.getLogger(UploadProxy.class);

  @Inject PeerNode node;
  @Inject BrowserUploads uploads;
  @Inject UploadProgress progress;

  /** The upload as created on the host, under the name it accepted. */
  record Named(RemoteTarget target, UploadClient.Created created, boolean renamed) {}

  void install(@Observes Router router) {
    router
        .routeWithRegex(HttpMethod.PUT, "^/api/v1/contacts/[^/]+/shares/[^/]+/.+$")
        .order(-1001)
        .handler(this::put);
  }

  void put(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    req.pause(); // nothing is read before the host said yes
    RemoteTarget target;
    try {
      target = RemoteTarget.parse(req.path());
    } catch (BadPathException e) {
      Answers.refuse(rc, LocalApiErrors.of(e));
      return;
    } catch (IllegalArgumentException e) {
      Answers.refuse(rc, new Failure(400, "bad_peer_id", e.getMessage()));
      return;
    }
    if (target.path().isRoot() || req.path().endsWith("/")) {
      Answers.refuse(rc, new Failure(400, "bad_path", "name a file to upload, not a folder"));
      return;
    }
    boolean rename = "1".equals(req.getParam("rename"));
    if ("?0".equals(req.getHeader("Upload-Complete"))) {
      createResumable(rc, target, rename);
    } else {
      stream(rc, target, rename);
    }
  }

  private void stream(RoutingContext rc, RemoteTarget target, boolean rename) {
    HttpServerRequest req = rc.request();
    long length = Answers.longHeader(req, "Content-Length");
    if (length < 0) {
      Answers.refuse(
          rc,
          new Failure(
              411, "length_required", "send the body with a Content-Length (curl -T does)"));
      return;
    }
    create(target, length, rename, 0)
        .onFailure(e -> Answers.refuse(rc, UploadRefusals.of(e, target)))
        .onSuccess(
            named -> {
              if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
                rc.response().writeContinue();
              }
              String location = named.created().location();
              int part = partSize(named.created().maxPart(), STREAM_PART);
              progress.started(named.target(), length);
              new PartPump(
                      node.uploads(),
                      target.peer(),
                      location,
                      req,
                      part,
                      0,
                      length,
                      true,
                      true,
                      sent -> progress.moved(named.target(), sent, length))
                  .run()
                  .onSuccess(
                      r -> {
                        progress.finished(named.target());
                        Answers.placed(rc, named, r);
                      })
                  .onFailure(
                      e -> {
                        progress.finished(named.target());
                        LOG.infof("upload to %s cut: %s", target.localUri(), e.getMessage());
                        node.uploads().cancel(target.peer(), location);
                        Answers.refuse(rc, UploadRefusals.of(e, named.target()));
                      });
            });
  }

  private void createResumable(RoutingContext rc, RemoteTarget target, boolean rename) {
    long length = Answers.longHeader(rc.request(), "Upload-Length");
    if (length < 0) {
      Answers.refuse(
          rc, new Failure(400, "invalid", "a resumable upload starts with its Upload-Length"));
      return;
    }
    if (Answers.longHeader(rc.request(), "Content-Length") > 0) {
      Answers.refuse(
          rc, new Failure(400, "invalid", "creating an upload carries no bytes; PATCH them"));
      return;
    }
    create(target, length, rename, 0)
        .onFailure(e -> Answers.refuse(rc, UploadRefusals.of(e, target)))
        .onSuccess(
            named -> {
              BrowserUploads.Entry entry;
              try {
                entry =
                    uploads.add(
                        named.target(),
                        named.created().location(),
                        length,
                        named.created().maxPart());
              } catch (IllegalStateException full) {
                node.uploads().cancel(target.peer(), named.created().location());
                Answers.refuse(rc, new Failure(429, "too_many_uploads", full.getMessage()));
                return;
              }
              progress.started(named.target(), length);
              HttpServerResponse out = rc.response();
              out.setStatusCode(202)
                  .putHeader("Location", UploadResources.PREFIX + entry.id)
                  .putHeader("Upload-Offset", Long.toString(named.created().offset()))
                  .putHeader(
                      "Upload-Limit",
                      "max-size=" + partSize(named.created().maxPart(), UploadResources.MAX_SLICE))
                  .putHeader("Content-Type", "application/json")
                  .end(
                      Answers.describe(named)
                          .put("upload", UploadResources.PREFIX + entry.id)
                          .encode());
            });
  }

  /** Creates the host upload under the n-th name; on 409 exists (and rename) the next one. */
  private Future<Named> create(RemoteTarget asked, long length, boolean rename, int n) {
    RemoteTarget candidate;
    try {
      candidate =
          n == 0
              ? asked
              : asked.at(asked.path().parent().child(LocalName.numbered(asked.path().name(), n)));
    } catch (BadPathException e) {
      return Future.failedFuture(e);
    }
    return node.uploads()
        .create(asked.peer(), asked.share(), candidate.path(), length, null, null)
        .map(c -> new Named(candidate, c, n > 0))
        .recover(
            e ->
                rename && n < MAX_RENAMES && exists(e)
                    ? create(asked, length, true, n + 1)
                    : Future.failedFuture(e));
  }

  private static boolean exists(Throwable e) {
    return e instanceof PeerApiException p && p.status() == 409 && "exists".equals(p.code());
  }

  static int partSize(long hostMax, int ours) {
    return (int) (hostMax > 0 ? Math.min(hostMax, ours) : ours);
  }

  /** The answers these routes share. */
  static final class Answers {
    private Answers() {}

    static long longHeader(HttpServerRequest req, String name) {
      String v = req.getHeader(name);
      try {
        long n = v == null ? -1 : Long.parseLong(v.trim());
        return n < 0 ? -1 : n;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    static JsonObject describe(Named named) {
      return new JsonObject()
          .put("path", named.target().path().toString())
          .put("name", named.target().path().name())
          .put("renamed", named.renamed());
    }

    static void placed(RoutingContext rc, Named named, UploadClient.Result r) {
      RemoteTarget placed = named.target().placedAt(r.location());
      HttpServerResponse out = rc.response();
      out.setStatusCode(201).putHeader("Location", placed.localUri());
      if (r.etag() != null) {
        out.putHeader("ETag", r.etag());
      }
      if (r.reprDigest() != null) {
        out.putHeader("Repr-Digest", r.reprDigest());
      }
      boolean renamed = named.renamed() || !placed.path().equals(named.target().path());
      out.putHeader("Content-Type", "application/json")
          .end(describe(new Named(placed, named.created(), renamed)).encode());
    }

    /**
     * A refusal; when the body was not read to its end the connection closes after it, so no unread
     * bytes are taken for the next request.
     */
    static void refuse(RoutingContext rc, Failure f) {
      HttpServerResponse out = rc.response();
      if (out.ended() || out.closed()) {
        return;
      }
      if (!rc.request().isEnded()) {
        out.putHeader("Connection", "close");
      }
      if (f.status() == 429) {
        out.putHeader("Retry-After", "1");
      }
      LocalApiErrors.send(out, f);
    }
  }
}
