package dev.drawbridge.peerapi;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.DirectoryPage;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ListingCache;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.ShareRoot;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Answers a folder request with one page of its sorted listing ({@code ?cursor=&limit=}). */
final class ListingResponder {
  static final int DEFAULT_LIMIT = 500;

  private final Vertx vertx;
  private final ListingCache cache;

  ListingResponder(Vertx vertx, ListingCache cache) {
    this.vertx = vertx;
    this.cache = cache;
  }

  private record Outcome(ApiError error, String detail, String body) {}

  void respond(HttpServerRequest req, GrantedShare share, SharePath dir, InFlight.Flight flight) {
    String cursor = req.getParam("cursor");
    int limit;
    try {
      String l = req.getParam("limit");
      limit = l == null ? DEFAULT_LIMIT : Integer.parseInt(l);
    } catch (NumberFormatException e) {
      ApiError.BAD_REQUEST.send(req.response(), "limit must be a number");
      return;
    }
    int pageSize = limit;
    // Directory reads block: keep them off the event loop, unordered so peers don't queue on each
    // other.
    vertx
        .executeBlocking(() -> list(share, dir, cursor, pageSize, cache), false)
        .onComplete(
            ar -> {
              if (flight.isCut()) {
                return; // revoked while listing: the cut answered the fixed 404
              } else if (ar.failed()) {
                ApiError.INTERNAL.send(req.response(), null);
              } else if (ar.result().error() != null) {
                ar.result().error().send(req.response(), ar.result().detail());
              } else {
                PeerApi.json(req, ar.result().body());
              }
            });
  }

  private static Outcome list(
      GrantedShare share, SharePath dir, String cursor, int limit, ListingCache cache)
      throws Exception {
    Path folder;
    try {
      folder = new ShareRoot(share.folder()).resolveExisting(dir);
    } catch (IOException | BadPathException e) {
      return new Outcome(ApiError.NOT_FOUND, null, null);
    }
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return new Outcome(ApiError.NOT_A_DIRECTORY, null, null);
    }
    DirectoryPage page;
    try {
      page = DirectoryPage.list(folder, cursor, limit, cache);
    } catch (IllegalArgumentException e) {
      return new Outcome(ApiError.BAD_REQUEST, "bad cursor", null);
    }
    JsonArray entries = new JsonArray();
    for (DirectoryPage.Entry e : page.entries()) {
      entries.add(
          new JsonObject()
              .put("name", e.name())
              .put("type", e.type() == DirectoryPage.Type.DIR ? "dir" : "file")
              .put("size", e.size())
              .put("modified", e.modified().toString()));
    }
    return new Outcome(
        null, null, new JsonObject().put("entries", entries).put("next", page.next()).encode());
  }
}
