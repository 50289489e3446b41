package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.upload.PeerBudget;
import dev.drawbridge.upload.SmallBatch;
import dev.drawbridge.upload.Uploads;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Many small files into one share in one request, the mirror of {@link BatchResponder}:
 *
 * <pre>
 *   POST /peer/v1/batch-upload/{share}   Content-Type: application/x-drawbridge-batch
 *     per file: {"path":"a/1.txt","size":4096,"sha256":"<hex>"}\n  then exactly size bytes
 *   ← 200 {"results":[{"path","status":201|400|409|413|507,"error"?,"etag"?}, ...]}
 * </pre>
 *
 * Each file is verified and placed on its own (all or nothing per file) with the same rules as a
 * PUT; the grant and READ_WRITE are checked before (PeerApi). At most {@link #MAX_FILES} files and
 * {@link #MAX_BODY_BYTES} per request, each file at most {@link #MAX_FILE_BYTES}; files are placed
 * in groups ({@link SmallBatch}) while the next group streams in, at most two groups in memory.
 */
final class BatchUploadResponder {
  static final String PATH = "/peer/v1/batch-upload/";
  static final String CONTENT_TYPE = "application/x-drawbridge-batch";
  static final int MAX_FILES = 1000;
  static final long MAX_BODY_BYTES = 64L << 20;
  static final int MAX_FILE_BYTES = 1 << 20;
  static final int MAX_HEAD_BYTES = 8192;

  /** Files placed together: enough to share one sync pass, few enough to answer early. */
  static final int GROUP_FILES = 256;

  static final long GROUP_BYTES = 4L << 20;

  private final Vertx vertx;
  private final Uploads uploads;
  private final PeerBudget budget;

  BatchUploadResponder(Vertx vertx, Uploads uploads, PeerBudget budget) {
    this.vertx = vertx;
    this.uploads = uploads;
    this.budget = budget;
  }

  void respond(PeerId caller, HttpServerRequest req, GrantedShare share, InFlight.Flight flight) {
    String declared = req.getHeader("Content-Length");
    if (declared != null && parse(declared) > MAX_BODY_BYTES) {
      ApiError.TOO_LARGE.send(req.response(), "a batch upload is at most 64 MiB");
      return;
    }
    req.pause();
    vertx
        .executeBlocking(() -> budget.enter(caller.value()), false)
        .onComplete(
            ar -> {
              if (ar.failed() || !ar.result()) {
                req.resume();
                ApiError.TOO_MANY_UPLOADS.send(req.response(), "too many uploads at once from you");
                return;
              }
              new Reading(caller, req, share, flight).start();
            });
  }

  private static long parse(String n) {
    try {
      return Long.parseLong(n.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * One request being read: a head line, then its bytes, then the next. Files are gathered into a
   * group while the previous group is being placed ({@link SmallBatch}: one sync pass, one arrival
   * transaction per group); a group is handed over as soon as the one before is done, so the first
   * file is placed right after it arrives. At most two groups (each {@link #GROUP_FILES} files or
   * {@link #GROUP_BYTES}) are held per request: a full one pauses the body.
   */
  private final class Reading {
    private final PeerId caller;
    private final HttpServerRequest req;
    private final GrantedShare share;
    private final InFlight.Flight flight;
    private final SmallBatch batch = uploads.batch();
    private final JsonArray results = new JsonArray();
    private Buffer pending = Buffer.buffer();
    private int pos;
    private JsonObject head;
    private List<SmallBatch.Item> group = new ArrayList<>();
    private long groupBytes;
    private int files;
    private long total;
    private boolean placing;
    private boolean paused;
    private boolean ended;
    private boolean over;

    Reading(PeerId caller, HttpServerRequest req, GrantedShare share, InFlight.Flight flight) {
      this.caller = caller;
      this.req = req;
      this.share = share;
      this.flight = flight;
    }

    void start() {
      flight.streaming();
      req.handler(
          b -> {
            if (over) {
              return;
            }
            total += b.length();
            if (total > MAX_BODY_BYTES) {
              end(ApiError.TOO_LARGE, "a batch upload is at most 64 MiB");
              return;
            }
            if (pos > 0) {
              pending = pending.getBuffer(pos, pending.length());
              pos = 0;
            }
            pending.appendBuffer(b);
            step();
          });
      req.endHandler(
          v -> {
            if (!over) {
              ended = true;
              step();
            }
          });
      req.exceptionHandler(e -> close());
      req.response().closeHandler(v -> close());
      req.resume();
    }

    /** Takes whatever complete files are buffered into the group; hands it over when free. */
    private void step() {
      while (!over && !full()) {
        if (head == null) {
          int nl = indexOf(pending, pos, (byte) '\n');
          if (nl < 0) {
            if (pending.length() - pos > MAX_HEAD_BYTES) {
              end(ApiError.BAD_REQUEST, "a file's head line is at most 8 KiB");
            }
            break;
          }
          try {
            head = new JsonObject(pending.getString(pos, nl));
          } catch (DecodeException | ClassCastException e) {
            end(ApiError.BAD_REQUEST, "each file starts with a JSON head line");
            return;
          }
          pos = nl + 1;
          if (++files > MAX_FILES) {
            end(ApiError.TOO_LARGE, "a batch upload has at most 1000 files");
            return;
          }
          long size = head.getValue("size") instanceof Number n ? n.longValue() : -1;
          if (size < 0 || size > MAX_FILE_BYTES) {
            end(ApiError.TOO_LARGE, "each file in a batch is at most 1 MiB; send it alone");
            return;
          }
        }
        int size = head.getInteger("size");
        if (pending.length() - pos < size) {
          break;
        }
        byte[] bytes = pending.getBytes(pos, pos + size);
        pos += size;
        group.add(
            new SmallBatch.Item(
                head.getValue("path") instanceof String p ? p : null,
                bytes,
                head.getValue("sha256") instanceof String h ? h : null));
        groupBytes += size;
        head = null;
      }
      if (over) {
        return;
      }
      if (ended && !full() && (pos < pending.length() || head != null)) {
        end(ApiError.BAD_REQUEST, "the batch ended inside a file");
        return;
      }
      if (!placing && !group.isEmpty()) {
        place();
      } else if (!placing && ended && !full()) {
        finish();
        return;
      }
      if (full() && !paused) {
        paused = true; // two groups held: the body waits until the placing one is done
        req.pause();
      } else if (!full() && paused) {
        paused = false;
        req.resume(); // last: it may hand us the next bytes at once
      }
    }

    private boolean full() {
      return group.size() >= GROUP_FILES || groupBytes >= GROUP_BYTES;
    }

    private void place() {
      List<SmallBatch.Item> g = group;
      group = new ArrayList<>();
      groupBytes = 0;
      placing = true;
      vertx
          .executeBlocking(
              () ->
                  batch.place(
                      caller.value(),
                      share.folder(),
                      share.name(),
                      share.rules(),
                      g,
                      flight::isCut),
              false)
          .onComplete(
              ar -> {
                placing = false;
                if (over) {
                  return;
                }
                if (flight.isCut()) {
                  close();
                  return;
                }
                if (ar.succeeded()) {
                  ar.result().forEach(r -> results.add(settled(r)));
                } else {
                  g.forEach(
                      i ->
                          results.add(
                              new JsonObject()
                                  .put("path", i.path())
                                  .put("status", 500)
                                  .put("error", "internal")));
                }
                step();
              });
    }

    private JsonObject settled(SmallBatch.Settled r) {
      JsonObject out = new JsonObject().put("path", r.path());
      if (r.placed()) {
        return out.put("status", 201).put("etag", r.etag());
      }
      ApiError e = ApiError.valueOf(r.refusal().reason().name());
      return out.put("status", e.status)
          .put("error", e.code())
          .put("message", r.refusal().getMessage());
    }

    private void finish() {
      over = true;
      budget.leave(caller.value());
      PeerApi.json(req, new JsonObject().put("results", results).encode());
    }

    private void end(ApiError error, String message) {
      over = true;
      budget.leave(caller.value());
      req.handler(b -> {});
      if (paused) {
        req.resume();
      }
      error.send(req.response(), message);
    }

    private void close() {
      if (!over) {
        over = true;
        budget.leave(caller.value());
      }
    }
  }

  private static int indexOf(Buffer b, int from, byte x) {
    for (int i = from; i < b.length(); i++) {
      if (b.getByte(i) == x) {
        return i;
      }
    }
    return -1;
  }
}
