package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.TransferFailedException;
import dev.drawbridge.transfer.failure.KnownFailureException;
import dev.drawbridge.transfer.failure.TransferFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Lists every file under a contact's folder, page by page, a few folders at a time (a tree of many
 * small folders is round trips, not bytes). Limits on file count and depth fail the whole job
 * before anything is fetched: never a silently partial folder. The result is sorted by path.
 */
final class FolderWalk {
  /**
   * A remote file found by the walk: its path in the share and its path below the chosen folder.
   */
  record Found(SharePath remote, List<String> below, long size) {}

  private final PeerApiClient client;
  private final PeerId peer;
  private final String share;
  private final int maxFiles;
  private final int maxDepth;
  private final List<Found> found = new ArrayList<>();
  private final Deque<SharePath> folders = new ArrayDeque<>();
  private final Promise<List<Found>> done = Promise.promise();
  static final int FOLDERS_IN_FLIGHT = 4;
  private int listing;

  FolderWalk(PeerApiClient client, PeerId peer, String share, int maxFiles, int maxDepth) {
    this.client = client;
    this.peer = peer;
    this.share = share;
    this.maxFiles = maxFiles;
    this.maxDepth = maxDepth;
  }

  Future<List<Found>> walk(SharePath root) {
    folders.add(root);
    pump(root);
    return done.future();
  }

  private synchronized void pump(SharePath root) {
    if (done.future().isComplete()) {
      return;
    }
    while (listing < FOLDERS_IN_FLIGHT && !folders.isEmpty()) {
      listing++;
      page(root, folders.poll(), null)
          .onComplete(
              ar -> {
                synchronized (this) {
                  listing--;
                  if (ar.failed()) {
                    done.tryFail(ar.cause());
                    return;
                  }
                }
                pump(root);
              });
    }
    if (listing == 0 && folders.isEmpty()) {
      found.sort(Comparator.comparing(f -> f.remote().toString()));
      done.tryComplete(found);
    }
  }

  private Future<Void> page(SharePath root, SharePath dir, String cursor) {
    return client
        .list(peer, share, dir, cursor)
        .compose(
            page -> {
              synchronized (this) {
                return take(root, dir, page);
              }
            });
  }

  private Future<Void> take(SharePath root, SharePath dir, JsonObject page) {
    for (Object o : page.getJsonArray("entries")) {
      JsonObject e = (JsonObject) o;
      SharePath child;
      try {
        child = dir.child(e.getString("name"));
      } catch (BadPathException | RuntimeException bad) {
        return Future.failedFuture(
            new TransferFailedException(
                "the host sent a file name we refuse ("
                    + bad.getMessage()
                    + "); nothing was downloaded"));
      }
      int depth = child.segments().size() - root.segments().size();
      if (depth > maxDepth) {
        return Future.failedFuture(
            new KnownFailureException(
                new TransferFailure.OverLimit(TransferFailure.OverLimit.Limit.TOO_DEEP, maxDepth),
                "the folder is deeper than " + maxDepth + " levels"));
      }
      if ("dir".equals(e.getString("type"))) {
        folders.add(child);
      } else {
        if (found.size() >= maxFiles) {
          return Future.failedFuture(
              new KnownFailureException(
                  new TransferFailure.OverLimit(
                      TransferFailure.OverLimit.Limit.TOO_MANY_FILES, maxFiles),
                  "the folder has more than " + maxFiles + " files"));
        }
        found.add(
            new Found(
                child,
                child.segments().subList(root.segments().size(), child.segments().size()),
                e.getLong("size", 0L)));
      }
    }
    String next = page.getString("next");
    return next == null ? Future.<Void>succeededFuture() : page(root, dir, next);
  }
}
