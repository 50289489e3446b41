package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.manifest.ManifestJson;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.FileChangedException;
import dev.drawbridge.transfer.Manifest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiving side of verified transfers: fetches a file's manifest (waiting while the host
 * hashes it) and reads exact byte ranges of exactly one file version.
 */
public final class TransferClient {
  /** A 100 GB file at 1 MiB chunks is ~4.4 MB of manifest JSON; 16 MiB leaves room and a bound. */
  static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
  /** Error bodies are a line of JSON; anything bigger is not worth reading. */
  static final int MAX_ERROR_BYTES = 64 * 1024;
  static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(10);
  /** A peer may ask us to wait between polls, but not for so long that progress stalls unseen. */
  static final long MAX_RETRY_AFTER_MS = 30_000;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)");

  private final Vertx vertx;
  private final PeerApiClient api;
  private final Duration maxWait;

  public TransferClient(Vertx vertx, PeerApiClient api) {
    this(vertx, api, DEFAULT_MAX_WAIT);
  }

  public TransferClient(Vertx vertx, PeerApiClient api, Duration maxWait) {
    this.vertx = vertx;
    this.api = api;
    this.maxWait = maxWait;
  }

  /** The file's manifest; polls while the host answers 202, for at most the configured wait. */
  public Future<Manifest> manifest(PeerId peer, String share, SharePath path) {
    String uri = PeerApiClient.manifestUri(share, path);
    return poll(peer, uri, System.nanoTime() + maxWait.toNanos());
  }

  /**
   * The manifest if the host has it ready now (one request, no waiting); empty when it is still
   * hashing or the request fails — for callers that can proceed without it.
   */
  public Future<java.util.Optional<Manifest>> manifestIfReady(PeerId peer, String share, SharePath path) {
    return api.getJson(peer, PeerApiClient.manifestUri(share, path), MAX_MANIFEST_BYTES).map(reply -> {
      if (reply.status() != 200) {
        return java.util.Optional.<Manifest>empty();
      }
      try {
        return java.util.Optional.of(ManifestJson.decode(reply.body()));
      } catch (IllegalArgumentException e) {
        return java.util.Optional.<Manifest>empty();
      }
    }).otherwise(java.util.Optional.empty());
  }

  private Future<Manifest> poll(PeerId peer, String uri, long deadlineNanos) {
    return api.getJson(peer, uri, MAX_MANIFEST_BYTES).compose(reply -> {
      if (reply.status() == 200) {
        try {
          return Future.succeededFuture(ManifestJson.decode(reply.body()));
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(new PeerApiException(502, "bad_manifest", "the peer sent a bad manifest: " + e.getMessage()));
        }
      }
      if (reply.status() != 202) {
        return Future.failedFuture(new PeerApiException(502, "unexpected_status",
            "the peer answered " + reply.status() + " to a manifest request"));
      }
      long waitMs = retryAfterMs(reply.retryAfter());
      if (System.nanoTime() + waitMs * 1_000_000 > deadlineNanos) {
        return Future.failedFuture(new PeerApiException(504, "timeout",
            "the peer was still hashing the file after " + maxWait.toSeconds() + " s"));
      }
      Promise<Manifest> next = Promise.promise();
      vertx.setTimer(waitMs, id -> poll(peer, uri, deadlineNanos).onComplete(next));
      return next.future();
    });
  }

  /** Retry-After in seconds (the only form our peers send); anything else means "soon". */
  static long retryAfterMs(String header) {
    try {
      long seconds = header == null ? 1 : Long.parseLong(header.strip());
      return Math.min(MAX_RETRY_AFTER_MS, Math.max(1, seconds) * 1000);
    } catch (NumberFormatException e) {
      return 1000;
    }
  }

  /**
   * Exactly {@code length} bytes at {@code offset} of the version {@code etag}. Fails with
   * {@link FileChangedException} when the host's file is another version now, and refuses any
   * answer that is not precisely the range asked for.
   */
  public Future<Buffer> readChunk(PeerId peer, String share, SharePath path, long offset, int length, String etag) {
    if (offset < 0 || length <= 0) {
      return Future.failedFuture(new IllegalArgumentException("bad range " + offset + "+" + length));
    }
    long last = offset + length - 1;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Range", "bytes=" + offset + "-" + last)
        .add("If-Match", etag);
    Future<Buffer> read = api.open(peer, HttpMethod.GET, PeerApiClient.uri(share, path, false), headers)
        .compose(resp -> resp.statusCode() == 206 ? body(resp, offset, last, length) : refusal(resp));
    return deadline(read, CHUNK_DEADLINE_MS, "no complete answer for bytes " + offset + "-" + last);
  }

  /**
   * Many small files of one share in one streamed request (see {@link BatchResponder}); each answer
   * goes to {@code sink} in order, with at most {@link BatchReader#WINDOW} waiting on it.
   */
  public Future<Void> batch(PeerId peer, String share, java.util.List<String> paths,
      java.util.function.Function<dev.drawbridge.transfer.BatchEntry, Future<Void>> sink) {
    Buffer body = Buffer.buffer(new io.vertx.core.json.JsonObject()
        .put("files", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(paths))).encode());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    return api.open(peer, HttpMethod.POST, PeerApiClient.batchUri(share), headers, body).compose(resp -> {
      if (resp.statusCode() != 200 || !BatchResponder.CONTENT_TYPE.equals(resp.getHeader("Content-Type"))) {
        return refusal(resp).mapEmpty();
      }
      return BatchReader.read(resp, paths.size(), BatchResponder.MAX_FILE_BYTES, sink, () -> abandon(resp));
    });
  }

  /** A chunk must arrive within this, however it stalls: the engine then retries it. */
  static final long CHUNK_DEADLINE_MS = 60_000;

  private <T> Future<T> deadline(Future<T> work, long ms, String what) {
    Promise<T> p = Promise.promise();
    long timer = vertx.setTimer(ms, t -> p.tryFail(new PeerApiException(504, "timeout", what)));
    work.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }

  private static Future<Buffer> body(HttpClientResponse resp, long offset, long last, int length) {
    Matcher m = CONTENT_RANGE.matcher(String.valueOf(resp.getHeader("Content-Range")));
    String declared = resp.getHeader("Content-Length");
    if (!m.matches() || Long.parseLong(m.group(1)) != offset || Long.parseLong(m.group(2)) != last
        || declared != null && !declared.equals(Integer.toString(length))) {
      abandon(resp);
      return Future.failedFuture(new PeerApiException(502, "bad_range",
          "the peer sent " + resp.getHeader("Content-Range") + " for bytes " + offset + "-" + last));
    }
    Promise<Buffer> done = Promise.promise();
    ChunkBody bytes = new ChunkBody(length);
    resp.handler(b -> {
      if (bytes.length() + b.length() > length) {
        // Never hold more than was asked for, whatever the peer sends.
        abandon(resp);
        done.tryFail(new PeerApiException(502, "too_large", "the peer sent more than " + length + " bytes"));
      } else {
        bytes.append(b);
      }
    });
    resp.exceptionHandler(done::tryFail);
    resp.endHandler(v -> {
      if (bytes.length() == length) {
        done.tryComplete(bytes.toBuffer());
      } else {
        done.tryFail(new PeerApiException(502, "short_read", "the peer sent " + bytes.length() + " of " + length + " bytes"));
      }
    });
    return done.future();
  }

  private static Future<Buffer> refusal(HttpClientResponse resp) {
    if (resp.statusCode() == 412) {
      // The status says it all; don't wait for the body of an answer we act on at once.
      abandon(resp);
      return Future.failedFuture(new FileChangedException("the file changed on the peer"));
    }
    String declared = resp.getHeader("Content-Length");
    if (declared == null || Long.parseLong(declared) > MAX_ERROR_BYTES) {
      // A 200 here is the whole file (Range ignored): far too much to read for one chunk.
      abandon(resp);
      return Future.failedFuture(new PeerApiException(502, "unexpected_status",
          "the peer answered " + resp.statusCode() + " to a range request"));
    }
    return resp.body().compose(b -> {
      return Future.failedFuture(resp.statusCode() / 100 == 2
          ? new PeerApiException(502, "unexpected_status", "the peer answered " + resp.statusCode() + " to a range request")
          : PeerApiException.fromResponse(resp.statusCode(), b.toString()));
    });
  }

  /** Drops the rest of an answer we refuse; the reset is ours, so it is not an error to log. */
  private static void abandon(HttpClientResponse resp) {
    resp.exceptionHandler(e -> {});
    resp.request().reset();
  }
}
