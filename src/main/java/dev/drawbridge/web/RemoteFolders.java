package dev.drawbridge.web;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.web.LocalApiErrors.Failure;
import dev.drawbridge.web.UploadProxy.Answers;
import io.vertx.core.http.HttpMethod;
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
            rc.request()
                .body()
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
