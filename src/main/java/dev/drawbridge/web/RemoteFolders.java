package dev.drawbridge.web;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.web.LocalApiErrors.Failure;
import dev.drawbridge.web.UploadProxy.Answers;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * "New folder" in a contact's share: {@code POST /api/v1/contacts/{peerId}/shares/{share}/folders}
 * {"path": "a/b"} or {@code MKCOL /api/v1/contacts/{peerId}/shares/{share}/a/b/}; the host's MKCOL
 * does the work (parents too). 201 created, 200 when it was already a folder, 409 when a file has
 * that name.
 */
@ApplicationScoped
public class RemoteFolders {
  static final int MAX_BODY = 16 * 1024;

  @Inject PeerNode node;

  void install(@Observes Router router) {
    router
        .routeWithRegex(HttpMethod.POST, "^/api/v1/contacts/[^/]+/shares/[^/]+/folders$")
        .order(-1001)
        .handler(this::post);
    router
        .routeWithRegex(HttpMethod.MKCOL, "^/api/v1/contacts/[^/]+/shares/[^/]+/.+$")
        .order(-1001)
        .handler(rc -> withTarget(rc, t -> create(rc, t)));
  }

  void post(RoutingContext rc) {
    if (Answers.longHeader(rc.request(), "Content-Length") > MAX_BODY) {
      Answers.refuse(rc, new Failure(413, "too_large", "a folder request is a small JSON object"));
      return;
    }
    withTarget(
        rc,
        share ->
            readBody(rc.request())
                .onFailure(e -> Answers.refuse(rc, new Failure(400, "invalid", e.getMessage())))
                .onSuccess(
                    body -> {
                      try {
                        String path = new JsonObject(body).getString("path");
                        if (path == null || path.isBlank()) {
                          throw new BadPathException("name the new folder: {\"path\": \"a/b\"}");
                        }
                        create(rc, share.at(SharePath.parse(path)));
                      } catch (DecodeException | ClassCastException e) {
                        Answers.refuse(rc, new Failure(400, "invalid", "send {\"path\": \"a/b\"}"));
                      } catch (BadPathException e) {
                        Answers.refuse(rc, LocalApiErrors.of(e));
                      }
                    }));
  }

  /**
   * The whole (small) body. Quarkus hands routes a paused request and resumes it only when a
   * handler, end handler or body handler is set; {@code body()} is none of those, so without the
   * resume here the body never comes and the request hangs until the client gives up.
   */
  private static Future<Buffer> readBody(HttpServerRequest req) {
    Future<Buffer> body = req.body();
    req.resume();
    return body;
  }

  private void withTarget(RoutingContext rc, java.util.function.Consumer<RemoteTarget> then) {
    String path = rc.request().path();
    if (rc.request().method() == HttpMethod.POST) {
      path = path.substring(0, path.length() - "folders".length());
    }
    try {
      then.accept(RemoteTarget.parse(path));
    } catch (BadPathException e) {
      Answers.refuse(rc, LocalApiErrors.of(e));
    } catch (IllegalArgumentException e) {
      Answers.refuse(rc, new Failure(400, "bad_peer_id", e.getMessage()));
    }
  }

  private void create(RoutingContext rc, RemoteTarget folder) {
    if (folder.path().isRoot()) {
      Answers.refuse(rc, new Failure(400, "bad_path", "name the new folder"));
      return;
    }
    node.uploads()
        .mkdir(folder.peer(), folder.share(), folder.path())
        .onFailure(e -> Answers.refuse(rc, UploadRefusals.of(e, folder)))
        .onSuccess(
            created ->
                rc.response()
                    .setStatusCode(created ? 201 : 200)
                    .putHeader("Location", folder.localUri() + "/")
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("path", folder.path().toString())
                            .put("created", created)
                            .encode()));
  }
}
