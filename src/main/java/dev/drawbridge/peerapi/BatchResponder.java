package dev.drawbridge.peerapi;

import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.ShareRoot;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Many small files in one streamed answer, so that a folder of 10,000 little files costs a few
 * dozen requests instead of 20,000 (a manifest and a read per file).
 *
 * <pre>
 *   receiver                                   host
 *   POST /peer/v1/batch/{share}
 *     {"files":["a/1.txt","a/2.txt",...]}  →   (grant checked first: ungranted = the usual 404)
 *                                          ←   200 application/x-drawbridge-batch, then per file,
 *                                              in the order asked:
 *                                                {"i":0,"size":4096,"etag":"\"…\"","sha256":"…"}\n
 *                                                <exactly size bytes>
 *                                              or {"i":1,"error":"not_found","message":"…"}\n
 * </pre>
 *
 * Each file is read whole (it is at most {@link #MAX_FILE_BYTES}), hashed from the same bytes, and
 * its version checked again after the read: a file that changed while being read is read once more,
 * then reported as {@code changed}. The receiver verifies the SHA-256 before the file touches its
 * final name. Files are read a group at a time on a worker thread and written with back-pressure,
 * so a slow receiver holds at most one group in our memory.
 */
final class BatchResponder {
  /** Bigger files go through manifests and ranges: they gain from parallel, resumable chunks. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  public static final int MAX_FILES = 512;

  /** A request body: MAX_FILES paths, each a few hundred bytes at most in practice. */
  static final int MAX_BODY_BYTES = 1 << 20;

  /** One hand-off to a worker thread reads at most this much (or this many files). */
  private static final int GROUP_BYTES = 4 << 20;

  private static final int GROUP_FILES = 64;
  static final String CONTENT_TYPE = "application/x-drawbridge-batch";

  private final Vertx vertx;

  BatchResponder(Vertx vertx) {
    this.vertx = vertx;
  }

  void respond(HttpServerRequest req, GrantedShare share, InFlight.Flight flight) {
    String declared = req.getHeader("Content-Length");
    if (declared != null && !declared.matches("\\d{1,9}")
        || declared != null && Integer.parseInt(declared) > MAX_BODY_BYTES) {
      ApiError.BAD_REQUEST.send(
          req.response(), "batch request larger than " + MAX_BODY_BYTES + " bytes");
      return;
    }
    // Read by hand, not req.body(): a peer must not make us buffer an unbounded request.
    Buffer body = Buffer.buffer();
    req.handler(
        b -> {
          if (body.length() + b.length() > MAX_BODY_BYTES) {
            req.handler(null);
            ApiError.BAD_REQUEST.send(
                req.response(), "batch request larger than " + MAX_BODY_BYTES + " bytes");
            req.connection().close();
          } else {
            body.appendBuffer(b);
          }
        });
    req.endHandler(
        v -> {
          if (req.response().ended() || flight.isCut()) {
            return;
          }
          List<SharePath> paths;
          try {
            paths = parse(body);
          } catch (IllegalArgumentException e) {
            ApiError.BAD_REQUEST.send(req.response(), e.getMessage());
            return;
          }
          HttpServerResponse resp = req.response();
          resp.setChunked(true)
              .putHeader("Content-Type", CONTENT_TYPE)
              .putHeader("Cache-Control", "no-store");
          flight.streaming();
          new Stream(resp, share, paths, flight).next();
        });
  }

  /** The request body: {"files":[path, ...]}, decoded SharePaths with '/' separators. */
  static List<SharePath> parse(Buffer body) {
    if (body.length() > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("batch request larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonArray files;
    try {
      files = new JsonObject(body).getJsonArray("files");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("batch request must be {\"files\":[path, ...]}");
    }
    if (files == null || files.isEmpty() || files.size() > MAX_FILES) {
      throw new IllegalArgumentException("a batch names 1 to " + MAX_FILES + " files");
    }
    List<SharePath> out = new ArrayList<>(files.size());
    for (Object o : files) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("batch paths must be strings");
      }
      try {
        out.add(SharePath.parse(s));
      } catch (BadPathException e) {
        out.add(null); // answered per file, in order, like any other refusal
      }
    }
    return out;
  }

  /** One answer in progress: read a group off the loop, write it, wait for drain, repeat. */
  private final class Stream {
    private final HttpServerResponse resp;
    private final GrantedShare share;
    private final List<SharePath> paths;
    private final InFlight.Flight flight;
    private ShareRoot root;
    private int next;

    Stream(
        HttpServerResponse resp,
        GrantedShare share,
        List<SharePath> paths,
        InFlight.Flight flight) {
      this.resp = resp;
      this.share = share;
      this.paths = paths;
      this.flight = flight;
    }

    void next() {
      if (flight.isCut()) {
        resp.reset(); // revoked: no further group is read or sent
        return;
      }
      if (next >= paths.size()) {
        resp.end();
        return;
      }
      vertx
          .executeBlocking(this::readGroup, false)
          .onComplete(
              ar -> {
                if (ar.failed() || resp.closed() || flight.isCut()) {
                  resp.reset();
                  return;
                }
                resp.write(ar.result());
                if (resp.writeQueueFull()) {
                  resp.drainHandler(v -> next());
                } else {
                  next();
                }
              });
    }

    private Buffer readGroup() throws IOException {
      if (root == null) {
        root = new ShareRoot(share.folder());
      }
      Buffer out = Buffer.buffer();
      int files = 0;
      while (next < paths.size() && files < GROUP_FILES && out.length() < GROUP_BYTES) {
        entry(next, paths.get(next), out);
        next++;
        files++;
      }
      return out;
    }

    private void entry(int i, SharePath p, Buffer out) {
      JsonObject head = new JsonObject().put("i", i);
      try {
        if (p == null) {
          throw new Refused("bad_path", "not a valid path");
        }
        Read r = read(p);
        head.put("size", r.bytes.length).put("etag", r.etag).put("sha256", r.sha256);
        out.appendString(head.encode()).appendByte((byte) '\n').appendBytes(r.bytes);
      } catch (Refused e) {
        out.appendString(head.put("error", e.code).put("message", e.getMessage()).encode())
            .appendByte((byte) '\n');
      }
    }

    private Read read(SharePath p) throws Refused {
      if (p.isRoot()) {
        throw new Refused("is_directory", "this is a folder");
      }
      if (p.isPrivate()) {
        throw new Refused("not_found", "not found"); // our own partial files
      }
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          Path path = root.resolveExisting(p);
          FileVersion before = FileVersion.read(path);
          if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("is_directory", "this is a folder");
          }
          if (before.size() > MAX_FILE_BYTES) {
            throw new Refused(
                "too_large", "larger than " + MAX_FILE_BYTES + " bytes: fetch it by chunks");
          }
          byte[] bytes = readExactly(path, (int) before.size());
          if (bytes != null && FileVersion.read(path).etag().equals(before.etag())) {
            return new Read(bytes, before.etag(), sha256(bytes));
          }
        } catch (Refused e) {
          throw e;
        } catch (IOException | BadPathException e) {
          // Missing, linked, special or unreadable: the same answer as a single GET would give.
          throw new Refused("not_found", "not found");
        }
      }
      throw new Refused("changed", "the file kept changing while it was read");
    }
  }

  /** The file's bytes if it still has exactly {@code size} of them; null if it grew or shrank. */
  private static byte[] readExactly(Path path, int size) throws IOException {
    try (SeekableByteChannel ch =
        Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(size + 1);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // keep reading: one extra byte tells us the file grew
      }
      return buf.position() == size ? Arrays.copyOf(buf.array(), size) : null;
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Read(byte[] bytes, String etag, String sha256) {}

  /** A per-file refusal, sent in the stream; never carries a host path. */
  private static final class Refused extends Exception {
    final String code;

    Refused(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
