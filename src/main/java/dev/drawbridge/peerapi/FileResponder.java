package dev.drawbridge.peerapi;

import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ShareRoot;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * Serves one file: GET and HEAD, a single Range (206/416), If-Range, If-None-Match (304). Bytes
 * are streamed from an {@link AsyncFile} piped into the response, so memory stays flat however
 * large the file and a slow reader slows the disk reads (back-pressure).
 */
final class FileResponder {
  /**
   * Large reads keep per-chunk overhead low on big files: each read is a hand-off to a worker
   * thread and back (the profile in docs/benchmarks.md), so fewer, larger reads cost less CPU.
   */
  static final int READ_BUFFER = 512 * 1024;

  private final Vertx vertx;

  FileResponder(Vertx vertx) {
    this.vertx = vertx;
  }

  /** What we learned about the file off the event loop. */
  private record Found(Path path, long size, String etag, String lastModified) {}

  void respond(HttpServerRequest req, GrantedShare share, SharePath target) {
    vertx.executeBlocking(() -> find(share, target), false).onComplete(ar -> {
      if (ar.failed()) {
        ApiError err = ar.cause() instanceof IsDirectory ? ApiError.IS_DIRECTORY : ApiError.NOT_FOUND;
        err.send(req.response(), null);
      } else {
        serve(req, ar.result());
      }
    });
  }

  private static Found find(GrantedShare share, SharePath target) throws Exception {
    if (target.isRoot()) {
      throw new IsDirectory();
    }
    Path path = new ShareRoot(share.folder()).resolveExisting(target);
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isDirectory()) {
      throw new IsDirectory();
    }
    if (!a.isRegularFile()) {
      throw new NoSuchFileException(target.toString());
    }
    long mtimeNanos = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Object key = a.fileKey();
    // Strong validator: changes when size, mtime or the inode changes (a replaced file).
    String etag = "\"" + Long.toHexString(a.size()) + "-" + Long.toHexString(mtimeNanos)
        + (key == null ? "" : "-" + Integer.toHexString(key.hashCode())) + "\"";
    String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        a.lastModifiedTime().toInstant().atOffset(ZoneOffset.UTC));
    return new Found(path, a.size(), etag, lastModified);
  }

  private void serve(HttpServerRequest req, Found f) {
    HttpServerResponse resp = req.response();
    resp.putHeader("ETag", f.etag())
        .putHeader("Last-Modified", f.lastModified())
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("Content-Type", contentType(f.path()))
        .putHeader("X-Content-Type-Options", "nosniff");
    String inm = req.getHeader("If-None-Match");
    if (inm != null && (inm.equals("*") || inm.contains(f.etag()))) {
      resp.setStatusCode(304).end();
      return;
    }
    ByteRange.Parsed parsed = ByteRange.parse(req.getHeader("Range"), f.size());
    String ifRange = req.getHeader("If-Range");
    if (ifRange != null && !ifRange.equals(f.etag())) {
      parsed = new ByteRange.Whole(); // the client's copy is stale: send everything
    }
    long start = 0;
    long length = f.size();
    if (parsed instanceof ByteRange.Unsatisfiable) {
      resp.putHeader("Content-Range", "bytes */" + f.size());
      ApiError.RANGE_NOT_SATISFIABLE.send(resp, null);
      return;
    } else if (parsed instanceof ByteRange.Partial p) {
      start = p.range().start();
      length = p.range().length();
      resp.setStatusCode(206).putHeader("Content-Range",
          "bytes " + start + "-" + p.range().endInclusive() + "/" + f.size());
    }
    resp.putHeader("Content-Length", Long.toString(length));
    if (req.method() == HttpMethod.HEAD || length == 0) {
      resp.end();
      return;
    }
    long from = start;
    long count = length;
    vertx.fileSystem().open(f.path().toString(), new OpenOptions().setRead(true)).onComplete(ar -> {
      if (ar.failed()) {
        ApiError.NOT_FOUND.send(resp, null);
        return;
      }
      AsyncFile file = ar.result();
      file.setReadBufferSize(READ_BUFFER).setReadPos(from).setReadLength(count);
      // A reader that disconnects stops the disk reads and releases the file.
      file.pipeTo(resp).onFailure(e -> file.close());
    });
  }

  private static String contentType(Path p) {
    String t = URLConnection.guessContentTypeFromName(p.getFileName().toString());
    return t == null ? "application/octet-stream" : t;
  }

  /** Thrown off-loop when a file request names a folder. */
  private static final class IsDirectory extends IOException {
    IsDirectory() {
      super("is a directory", null);
    }
  }
}
