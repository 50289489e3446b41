package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.coding.ChunkCoding;
import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * Answers {@code GET /peer/v1/chunks/{share}/{path}?offset=&length=}: a resource whose
 * representation is exactly those bytes of the file, so it can be content-coded (zstd) without the
 * trap of a Range over a coded representation (RFC 9110 §14.1.2 ranges the coded bytes). {@code
 * If-Match} is required (428) and names the file version the receiver's manifest describes (412
 * when the file is another version now).
 *
 * <p>A chunk worth compressing ({@link ChunkCoding#worthTrying}) is read into memory, compressed
 * and sent coded or as it is; everything else streams from the file like {@link FileResponder}, so
 * memory stays flat. Buffered answers are bounded ({@link #BUFFERED_ANSWERS}, held until written):
 * a peer that does not read its answers makes further chunks stream uncompressed, never grow
 * memory.
 *
 * <p>Compression is CPU a remote peer causes, so {@link ChunkCoding} caches each outcome per file
 * version and span (a repeated request is a cache hit) and holds each peer to a compression budget;
 * a chunk over the budget streams as it is.
 */
final class ChunkResponder {
  /** Manifests use 1 MiB chunks; some room for larger ones, but a bound on what we buffer. */
  static final int MAX_LENGTH = 4 * 1024 * 1024;

  static final int BUFFERED_ANSWERS = 16;
  static final int CODING_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final ChunkCoding coding;
  private final WorkerExecutor coders;
  private final Semaphore buffered = new Semaphore(BUFFERED_ANSWERS);
  // One read buffer per coding thread (a fixed pool): only what is sent gets allocated, mostly a
  // frame a fraction of the chunk's size, instead of a 1 MiB array per chunk for the GC.
  private final ThreadLocal<byte[]> readBuffers = ThreadLocal.withInitial(() -> new byte[0]);

  ChunkResponder(Vertx vertx, ChunkCoding coding) {
    this.vertx = vertx;
    this.coding = coding;
    // Its own small pool: compression is CPU work and must not starve the workers serving files.
    this.coders = vertx.createSharedWorkerExecutor("drawbridge-chunk-coding", CODING_THREADS);
  }

  record Span(long offset, int length) {}

  /** What the blocking part found: an error, or a version to stream, or bytes to send. */
  private record Answer(
      ApiError error, String detail, FileVersion version, byte[] body, boolean zstd) {
    static Answer refuse(ApiError e, String detail) {
      return new Answer(e, detail, null, null, false);
    }
  }

  void respond(
      PeerId caller,
      HttpServerRequest req,
      GrantedShare share,
      SharePath target,
      boolean wantsDirectory,
      InFlight.Flight flight) {
    Span span;
    try {
      span = span(req.getParam("offset"), req.getParam("length"));
    } catch (IllegalArgumentException e) {
      ApiError.BAD_CHUNK.send(req.response(), e.getMessage());
      return;
    }
    String ifMatch = req.getHeader("If-Match");
    if (ifMatch == null) {
      // Bytes of "whatever version is there now" are useless to a receiver that verifies chunks.
      ApiError.PRECONDITION_REQUIRED.send(req.response(), null);
      return;
    }
    vertx
        .executeBlocking(() -> check(share, target, wantsDirectory, ifMatch, span), false)
        .onComplete(
            ar -> {
              Answer a = ar.failed() ? Answer.refuse(ApiError.INTERNAL, null) : ar.result();
              if (flight.isCut()) {
                return; // revoked meanwhile: the cut answered the fixed 404
              } else if (a.error() != null) {
                a.error().send(req.response(), a.detail());
              } else if (req.method() == HttpMethod.GET
                  && coding.worthTrying(
                      req.getHeader("Accept-Encoding"), a.version(), span.length())) {
                codeOrStream(caller, req, a.version(), span, flight);
              } else {
                stream(req, a.version(), span, flight);
              }
            });
  }

  /**
   * A cached outcome if there is one, else a compression within the caller's budget, else as is.
   */
  private void codeOrStream(
      PeerId caller, HttpServerRequest req, FileVersion v, Span span, InFlight.Flight flight) {
    ChunkCoding.Cached hit = coding.cached(v, span.offset(), span.length());
    if (hit != null) {
      if (hit.frame() == null) {
        stream(req, v, span, flight);
      } else if (!flight.isCut()) {
        send(req.response(), new Answer(null, null, v, hit.frame(), true));
      }
      return;
    }
    if (!buffered.tryAcquire()) {
      stream(req, v, span, flight);
      return;
    }
    if (!coding.startCompression(caller, span.length())) {
      buffered.release();
      stream(req, v, span, flight);
      return;
    }
    coders
        .executeBlocking(() -> readAndCode(v, span), false)
        .onComplete(
            coded -> {
              coding.endCompression(caller);
              Answer c = coded.failed() ? Answer.refuse(ApiError.NOT_FOUND, null) : coded.result();
              if (flight.isCut()) {
                buffered.release(); // no chunk read before a revoke goes out after it
              } else if (c.error() != null) {
                buffered.release();
                c.error().send(req.response(), c.detail());
              } else {
                try {
                  send(req.response(), c).onComplete(done -> buffered.release());
                } catch (RuntimeException e) { // the caller went away while we compressed
                  buffered.release();
                  throw e;
                }
              }
            });
  }

  /** Offset and length from the query: both required, plain decimal, a non-empty span. */
  static Span span(String offset, String length) {
    long o;
    long n;
    try {
      o = Long.parseLong(String.valueOf(offset));
      n = Long.parseLong(String.valueOf(length));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("offset and length must be decimal numbers");
    }
    if (o < 0 || n < 1 || n > MAX_LENGTH) {
      throw new IllegalArgumentException("need offset >= 0 and 1 <= length <= " + MAX_LENGTH);
    }
    return new Span(o, (int) n);
  }

  private Answer check(
      GrantedShare share, SharePath target, boolean wantsDirectory, String ifMatch, Span span) {
    FileVersion v;
    try {
      v = FileLookup.find(share, target);
    } catch (FileLookup.IsDirectory e) {
      return Answer.refuse(ApiError.IS_DIRECTORY, null);
    } catch (Exception e) {
      return Answer.refuse(ApiError.NOT_FOUND, null);
    }
    if (wantsDirectory) {
      return Answer.refuse(ApiError.NOT_A_DIRECTORY, null);
    }
    if (!FileResponder.matches(ifMatch, v.etag())) {
      return Answer.refuse(ApiError.PRECONDITION_FAILED, null);
    }
    if (span.offset() > v.size() - span.length()) { // (offset + length could overflow)
      return Answer.refuse(
          ApiError.BAD_CHUNK,
          "bytes "
              + span.offset()
              + "+"
              + span.length()
              + " go past the end of this version ("
              + v.size()
              + " bytes)");
    }
    return new Answer(null, null, v, null, false);
  }

  /**
   * Reads the span, compresses it where that pays, and re-checks the version the bytes came from.
   */
  private Answer readAndCode(FileVersion v, Span span) throws IOException {
    byte[] bytes = readBuffers.get();
    if (bytes.length < span.length()) {
      bytes = new byte[span.length()];
      readBuffers.set(bytes);
    }
    try (FileChannel ch =
        FileChannel.open(v.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer into = ByteBuffer.wrap(bytes, 0, span.length());
      while (into.hasRemaining()) {
        if (ch.read(into, span.offset() + into.position()) < 0) {
          return Answer.refuse(ApiError.PRECONDITION_FAILED, null); // shrank since the check
        }
      }
    }
    // These bytes must belong to the version the receiver named: a write during our read would
    // mix versions (the chunk hash would catch it, but a 412 says what happened).
    if (!FileVersion.read(v.path()).etag().equals(v.etag())) {
      return Answer.refuse(ApiError.PRECONDITION_FAILED, null);
    }
    byte[] frame = coding.encode(v, span.offset(), bytes, span.length());
    return frame == null
        ? new Answer(null, null, v, Arrays.copyOf(bytes, span.length()), false)
        : new Answer(null, null, v, frame, true);
  }

  private static HttpServerResponse headers(HttpServerResponse resp, long length) {
    return resp.putHeader("Content-Type", "application/octet-stream")
        .putHeader("Content-Length", Long.toString(length))
        .putHeader("Vary", "Accept-Encoding")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  private static Future<Void> send(HttpServerResponse resp, Answer a) {
    headers(resp, a.body().length);
    if (a.zstd()) {
      resp.putHeader("Content-Encoding", "zstd");
    }
    return resp.end(Buffer.buffer(a.body()));
  }

  /** Identity coding straight from the file, with back-pressure (as {@link FileResponder} does). */
  private void stream(HttpServerRequest req, FileVersion v, Span span, InFlight.Flight flight) {
    HttpServerResponse resp = headers(req.response(), span.length());
    if (req.method() == HttpMethod.HEAD) {
      resp.end();
      return;
    }
    FileResponder.streamSpan(vertx, v.path(), span.offset(), span.length(), resp, flight);
  }
}
