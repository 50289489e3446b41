package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.upload.PartWriter;
import dev.drawbridge.upload.PeerBudget;
import dev.drawbridge.upload.Upload;
import dev.drawbridge.upload.UploadRefusal;
import dev.drawbridge.upload.UploadRefusal.Reason;
import dev.drawbridge.upload.UploadTarget;
import dev.drawbridge.upload.Uploads;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;

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
 * {@link #MAX_BODY_BYTES} per request, each file at most {@link #MAX_FILE_BYTES}: one file's bytes
 * are in memory at a time, and the body is paused while a file is placed.
 */
final class BatchUploadResponder {
  static final String PATH = "/peer/v1/batch-upload/";
  static final String CONTENT_TYPE = "application/x-drawbridge-batch";
  static final int MAX_FILES = 1000;
  static final long MAX_BODY_BYTES = 64L << 20;
  static final int MAX_FILE_BYTES = 1 << 20;
  static final int MAX_HEAD_BYTES = 8192;

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

  /** One request being read: a head line, then its bytes, then the next. */
  private final class Reading {
    private final PeerId caller;
    private final HttpServerRequest req;
    private final GrantedShare share;
    private final InFlight.Flight flight;
    private final JsonArray results = new JsonArray();
    private Buffer pending = Buffer.buffer();
    private JsonObject head;
    private long total;
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
            pending.appendBuffer(b);
            step();
          });
      req.endHandler(
          v -> {
            if (!over) {
              if (pending.length() > 0 || head != null) {
                end(ApiError.BAD_REQUEST, "the batch ended inside a file");
              } else {
                finish();
              }
            }
          });
      req.exceptionHandler(e -> close());
      req.response().closeHandler(v -> close());
      req.resume();
    }

    /** Takes whatever complete heads and files are buffered; pauses while a file is placed. */
    private void step() {
      while (!over) {
        if (head == null) {
          int nl = indexOf(pending, (byte) '\n');
          if (nl < 0) {
            if (pending.length() > MAX_HEAD_BYTES) {
              end(ApiError.BAD_REQUEST, "a file's head line is at most 8 KiB");
            }
            return;
          }
          try {
            head = new JsonObject(pending.getString(0, nl));
          } catch (DecodeException e) {
            end(ApiError.BAD_REQUEST, "each file starts with a JSON head line");
            return;
          }
          pending = pending.getBuffer(nl + 1, pending.length());
          if (results.size() >= MAX_FILES) {
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
        if (pending.length() < size) {
          return;
        }
        Buffer bytes = pending.getBuffer(0, size);
        pending = pending.getBuffer(size, pending.length());
        JsonObject h = head;
        head = null;
        req.pause();
        vertx
            .executeBlocking(() -> place(h, bytes), false)
            .onComplete(
                ar -> {
                  if (flight.isCut()) {
                    close();
                    return;
                  }
                  results.add(ar.succeeded() ? ar.result() : failed(h, ar.cause()));
                  req.resume();
                  step();
                });
        return;
      }
    }

    /** One file, verified and placed like a PUT. Blocking. */
    private JsonObject place(JsonObject h, Buffer bytes) throws UploadRefusal {
      String path = h.getValue("path") instanceof String s ? s : null;
      JsonObject out = new JsonObject().put("path", path);
      SharePath target;
      try {
        target = SharePath.parse(path);
      } catch (BadPathException e) {
        throw new UploadRefusal(Reason.BAD_PATH, e.getMessage());
      }
      if (target.isRoot() || target.isPrivate()) {
        throw new UploadRefusal(Reason.BAD_PATH, "not a file name this share takes");
      }
      String digest;
      try {
        digest =
            Base64.getEncoder().encodeToString(HexFormat.of().parseHex(h.getString("sha256", "")));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new UploadRefusal(Reason.BAD_REQUEST, "sha256 must be 64 hex digits");
      }
      UploadTarget t = new UploadTarget(share.folder(), target, share.name(), share.rules());
      Upload u = uploads.create(caller.value(), t, bytes.length(), null, null, false);
      PartWriter w;
      try {
        w = uploads.begin(u, 0, bytes.length(), digest, true, null);
      } catch (UploadRefusal e) {
        uploads.remove(u);
        throw e;
      }
      w.write(ByteBuffer.wrap(bytes.getBytes()));
      PartWriter.Outcome o = w.finish();
      return out.put("status", 201).put("etag", o.etag());
    }

    private JsonObject failed(JsonObject h, Throwable cause) {
      JsonObject out = new JsonObject().put("path", h.getValue("path"));
      if (cause instanceof UploadRefusal r) {
        ApiError e = ApiError.valueOf(r.reason().name());
        return out.put("status", e.status).put("error", e.code()).put("message", r.getMessage());
      }
      return out.put("status", 500).put("error", "internal");
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
      error.send(req.response(), message);
    }

    private void close() {
      if (!over) {
        over = true;
        budget.leave(caller.value());
      }
    }
  }

  private static int indexOf(Buffer b, byte x) {
    for (int i = 0; i < b.length(); i++) {
      if (b.getByte(i) == x) {
        return i;
      }
    }
    return -1;
  }
}
