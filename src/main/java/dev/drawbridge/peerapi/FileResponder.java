package dev.drawbridge.peerapi;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLConnection;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Serves one file: GET and HEAD, a single Range (206/416), If-Match (412), If-Range, If-None-Match
 * (304), and Repr-Digest when the file's manifest is already known. Bytes are streamed from an
 * {@link AsyncFile} piped into the response, so memory stays flat however large the file and a slow
 * reader slows the disk reads (back-pressure).
 */
final class FileResponder {
  /**
   * Large reads keep per-chunk overhead low on big files: each read is a hand-off to a worker
   * thread and back (the profile in docs/benchmarks.md), so fewer, larger reads cost less CPU.
   */
  static final int READ_BUFFER = 512 * 1024;

  private final Vertx vertx;
  private final ManifestCache manifests;

  FileResponder(Vertx vertx, ManifestCache manifests) {
    this.vertx = vertx;
    this.manifests = manifests;
  }

  /** What we learned about the file off the event loop; {@code digest} only if already known. */
  private record Found(FileVersion version, String lastModified, String digest) {
    Path path() {
      return version.path();
    }

    long size() {
      return version.size();
    }

    String etag() {
      return version.etag();
    }
  }

  void respond(
      HttpServerRequest req, GrantedShare share, SharePath target, InFlight.Flight flight) {
    vertx
        .executeBlocking(() -> find(share, target), false)
        .onComplete(
            ar -> {
              if (flight.isCut()) {
                return; // revoked meanwhile: the cut answered the fixed 404
              } else if (ar.failed()) {
                ApiError err =
                    ar.cause() instanceof FileLookup.IsDirectory
                        ? ApiError.IS_DIRECTORY
                        : ApiError.NOT_FOUND;
                err.send(req.response(), null);
              } else {
                serve(req, ar.result(), flight);
              }
            });
  }

  private Found find(GrantedShare share, SharePath target) throws Exception {
    FileVersion v = FileLookup.find(share, target);
    String lastModified =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.EPOCH.plusNanos(v.mtimeNanos()).atOffset(ZoneOffset.UTC));
    // Only a manifest already in memory: a plain GET must never cost a hash of the file.
    String digest = manifests.peek(v).map(Manifest::digest).orElse(null);
    return new Found(v, lastModified, digest);
  }

  private void serve(HttpServerRequest req, Found f, InFlight.Flight flight) {
    HttpServerResponse resp = req.response();
    resp.putHeader("ETag", f.etag())
        .putHeader("Last-Modified", f.lastModified())
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("Content-Type", contentType(f.path()))
        .putHeader("X-Content-Type-Options", "nosniff");
    String ifMatch = req.getHeader("If-Match");
    if (ifMatch != null && !matches(ifMatch, f.etag())) {
      // The receiver holds chunks of another version: its bytes must not be mixed with these.
      ApiError.PRECONDITION_FAILED.send(resp, null);
      return;
    }
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
      resp.setStatusCode(206)
          .putHeader(
              "Content-Range", "bytes " + start + "-" + p.range().endInclusive() + "/" + f.size());
    }
    if (f.digest() != null && resp.getStatusCode() == 200) {
      resp.putHeader("Repr-Digest", "sha-256=:" + f.digest() + ":"); // RFC 9530
    }
    resp.putHeader("Content-Length", Long.toString(length));
    if (req.method() == HttpMethod.HEAD || length == 0) {
      resp.end();
      return;
    }
    long from = start;
    long count = length;
    streamSpan(vertx, f.path(), from, count, resp, flight);
  }

  /**
   * Pipes {@code count} bytes from {@code offset} of {@code path} into {@code resp}: the same 404
   * when the file cannot be opened, nothing when a revoke cut the answer meanwhile. The file is
   * closed whatever happens: after the last byte, or when the reader disconnects (a pipe never
   * closes its source; one open file per request would exhaust descriptors).
   */
  static void streamSpan(
      Vertx vertx,
      Path path,
      long offset,
      long count,
      HttpServerResponse resp,
      InFlight.Flight flight) {
    vertx
        .fileSystem()
        .open(path.toString(), new OpenOptions().setRead(true))
        .onComplete(
            ar -> {
              if (flight.isCut()) {
                if (ar.succeeded()) {
                  ar.result().close();
                }
                return;
              } else if (ar.failed()) {
                ApiError.NOT_FOUND.send(resp, null);
                return;
              }
              AsyncFile file = ar.result();
              file.setReadBufferSize(READ_BUFFER).setReadPos(offset).setReadLength(count);
              flight.streaming();
              file.pipeTo(resp).onComplete(done -> file.close());
            });
  }

  private static String contentType(Path p) {
    String t = URLConnection.guessContentTypeFromName(p.getFileName().toString());
    return t == null ? "application/octet-stream" : t;
  }

  /** If-Match (RFC 9110 §13.1.1): {@code *} or a list of entity tags, compared strongly. */
  static boolean matches(String ifMatch, String etag) {
    for (String candidate : ifMatch.split(",")) {
      String t = candidate.strip();
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
