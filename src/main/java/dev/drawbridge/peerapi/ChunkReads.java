package dev.drawbridge.peerapi;

import dev.drawbridge.content.BatchEntry;
import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.content.Manifest;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.coding.Compression;
import dev.drawbridge.peerapi.coding.ZstdCodec;
import dev.drawbridge.peerapi.manifest.ManifestJson;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiving side of verified transfers: fetches a file's manifest (waiting while the host
 * hashes it) and reads exact chunks of exactly one file version, zstd-coded where the host finds
 * that it pays ({@code /peer/v1/chunks}), or by Range from a host that predates that resource.
 */
public final class ChunkReads {
  /** A 100 GB file at 1 MiB chunks is ~4.4 MB of manifest JSON; 16 MiB leaves room and a bound. */
  static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

  /** Error bodies are a line of JSON; anything bigger is not worth reading. */
  static final int MAX_ERROR_BYTES = 64 * 1024;

  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(10);

  /** A peer may ask us to wait between polls, but not for so long that progress stalls unseen. */
  static final long MAX_RETRY_AFTER_MS = 30_000;

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)");

  private final Vertx vertx;
  private final PeerApiClient api;
  private final Duration maxWait;
  private final boolean acceptZstd;

  /**
   * Hosts that answered the chunk resource with 404 but served the same chunk by Range: older
   * peers.
   */
  private final Set<PeerId> rangeOnly = ConcurrentHashMap.newKeySet();

  private final AtomicLong chunks = new AtomicLong();
  private final AtomicLong codedChunks = new AtomicLong();
  private final AtomicLong fileBytes = new AtomicLong();
  private final AtomicLong wireBytes = new AtomicLong();

  public ChunkReads(Vertx vertx, PeerApiClient api) {
    this(vertx, api, DEFAULT_MAX_WAIT);
  }

  public ChunkReads(Vertx vertx, PeerApiClient api, Duration maxWait) {
    this(vertx, api, maxWait, Compression.AUTO);
  }

  public ChunkReads(Vertx vertx, PeerApiClient api, Duration maxWait, Compression compression) {
    this.vertx = vertx;
    this.api = api;
    this.maxWait = maxWait;
    this.acceptZstd = compression == Compression.AUTO && ZstdCodec.available();
  }

  /**
   * Chunk bodies since start: how many, how many came zstd-coded, file bytes vs bytes on the wire.
   */
  public record WireStats(long chunks, long codedChunks, long fileBytes, long wireBytes) {}

  public WireStats wireStats() {
    return new WireStats(chunks.get(), codedChunks.get(), fileBytes.get(), wireBytes.get());
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
  public Future<Optional<Manifest>> manifestIfReady(PeerId peer, String share, SharePath path) {
    return api.getJson(peer, PeerApiClient.manifestUri(share, path), MAX_MANIFEST_BYTES)
        .map(
            reply -> {
              if (reply.status() != 200) {
                return Optional.<Manifest>empty();
              }
              try {
                return Optional.of(ManifestJson.decode(reply.body()));
              } catch (IllegalArgumentException e) {
                return Optional.<Manifest>empty();
              }
            })
        .otherwise(Optional.empty());
  }

  private Future<Manifest> poll(PeerId peer, String uri, long deadlineNanos) {
    return api.getJson(peer, uri, MAX_MANIFEST_BYTES)
        .compose(
            reply -> {
              if (reply.status() == 200) {
                try {
                  return Future.succeededFuture(ManifestJson.decode(reply.body()));
                } catch (IllegalArgumentException e) {
                  return Future.failedFuture(
                      new PeerApiException(
                          502, "bad_manifest", "the peer sent a bad manifest: " + e.getMessage()));
                }
              }
              if (reply.status() != 202) {
                return Future.failedFuture(
                    new PeerApiException(
                        502,
                        "unexpected_status",
                        "the peer answered " + reply.status() + " to a manifest request"));
              }
              long waitMs = retryAfterMs(reply.retryAfter());
              if (System.nanoTime() + waitMs * 1_000_000 > deadlineNanos) {
                return Future.failedFuture(
                    new PeerApiException(
                        504,
                        "timeout",
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
   * Exactly {@code length} bytes at {@code offset} of the version {@code etag}. Fails with {@link
   * FileChangedException} when the host's file is another version now, and refuses any answer that
   * is not precisely the bytes asked for (a zstd answer must decode to exactly them).
   */
  public Future<Buffer> readChunk(
      PeerId peer, String share, SharePath path, long offset, int length, String etag) {
    if (offset < 0 || length <= 0) {
      return Future.failedFuture(
          new IllegalArgumentException("bad range " + offset + "+" + length));
    }
    Future<Buffer> read;
    if (rangeOnly.contains(peer)) {
      read = readRange(peer, share, path, offset, length, etag);
    } else {
      read =
          readResource(peer, share, path, offset, length, etag)
              .recover(
                  e -> {
                    if (!(e instanceof PeerApiException p && p.status() == 404)) {
                      return Future.failedFuture(e);
                    }
                    // 404 is what a host from before /peer/v1/chunks answers (and what a missing
                    // file gets):
                    // the Range path tells the two apart, and a host that serves it is remembered
                    // as older.
                    return readRange(peer, share, path, offset, length, etag)
                        .onSuccess(b -> rangeOnly.add(peer));
                  });
    }
    long last = offset + length - 1;
    return deadline(read, CHUNK_DEADLINE_MS, "no complete answer for bytes " + offset + "-" + last)
        .onSuccess(
            b -> {
              chunks.incrementAndGet();
              fileBytes.addAndGet(length);
            });
  }

  /** The chunk resource: 200 with exactly the bytes, identity or zstd (RFC 8878) coded. */
  private Future<Buffer> readResource(
      PeerId peer, String share, SharePath path, long offset, int length, String etag) {
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("If-Match", etag)
            .add("Accept-Encoding", acceptZstd ? "zstd, identity" : "identity");
    return api.exchange(
        peer,
        HttpMethod.GET,
        PeerApiClient.chunkUri(share, path, offset, length),
        headers,
        null,
        resp -> resp.statusCode() == 200 ? decoded(resp, length) : refusal(resp));
  }

  private Future<Buffer> decoded(HttpClientResponse resp, int length) {
    String coding = resp.getHeader("Content-Encoding");
    String declared = resp.getHeader("Content-Length");
    boolean zstd = "zstd".equalsIgnoreCase(coding == null ? null : coding.strip());
    if (coding != null && !zstd && !"identity".equalsIgnoreCase(coding.strip())
        || zstd && !acceptZstd) {
      abandon(resp);
      return Future.failedFuture(
          new PeerApiException(502, "bad_encoding", "the peer sent Content-Encoding " + coding));
    }
    if (!zstd) {
      if (declared != null && !declared.equals(Integer.toString(length))) {
        abandon(resp);
        return Future.failedFuture(
            new PeerApiException(
                502, "bad_range", "the peer sent " + declared + " bytes for a chunk of " + length));
      }
      return exactly(resp, length).onSuccess(b -> wireBytes.addAndGet(length));
    }
    // A host codes a chunk only when that saves bytes: a frame as long as the chunk is refused
    // unread, so what we hold stays below the chunk's length however the frame is made.
    return collect(resp, length - 1)
        .compose(
            frame -> {
              wireBytes.addAndGet(frame.length());
              codedChunks.incrementAndGet();
              return vertx.executeBlocking(
                  () -> {
                    try {
                      return Buffer.buffer(
                          ZstdCodec.decompress(frame.getBytes(), frame.length(), length));
                    } catch (ZstdCodec.BadFrameException e) {
                      throw new PeerApiException(
                          502, "bad_encoding", "the peer sent a bad zstd chunk: " + e.getMessage());
                    }
                  },
                  false);
            });
  }

  /** The Range path of the file resource, for hosts without the chunk resource. */
  private Future<Buffer> readRange(
      PeerId peer, String share, SharePath path, long offset, int length, String etag) {
    long last = offset + length - 1;
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Range", "bytes=" + offset + "-" + last)
            .add("If-Match", etag);
    return api.exchange(
            peer,
            HttpMethod.GET,
            PeerApiClient.uri(share, path, false),
            headers,
            null,
            resp -> resp.statusCode() == 206 ? body(resp, offset, last, length) : refusal(resp))
        .onSuccess(b -> wireBytes.addAndGet(length));
  }

  /**
   * Many small files of one share in one streamed request (see {@link BatchResponder}); each answer
   * goes to {@code sink} in order, with at most {@link BatchReader#WINDOW} waiting on it.
   */
  public Future<Void> batch(
      PeerId peer, String share, List<String> paths, Function<BatchEntry, Future<Void>> sink) {
    Buffer body =
        Buffer.buffer(
            new JsonObject().put("files", new JsonArray(new ArrayList<>(paths))).encode());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    return api.exchange(
        peer,
        HttpMethod.POST,
        PeerApiClient.batchUri(share),
        headers,
        body,
        resp -> {
          if (resp.statusCode() != 200
              || !BatchResponder.CONTENT_TYPE.equals(resp.getHeader("Content-Type"))) {
            return refusal(resp).mapEmpty();
          }
          return BatchReader.read(
              resp, paths.size(), BatchResponder.MAX_FILE_BYTES, sink, () -> abandon(resp));
        });
  }

  /** A chunk must arrive within this, however it stalls: the engine then retries it. */
  static final long CHUNK_DEADLINE_MS = 60_000;

  private <T> Future<T> deadline(Future<T> work, long ms, String what) {
    Promise<T> p = Promise.promise();
    long timer = vertx.setTimer(ms, t -> p.tryFail(new PeerApiException(504, "timeout", what)));
    work.onComplete(
        ar -> {
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
    if (!m.matches()
        || Long.parseLong(m.group(1)) != offset
        || Long.parseLong(m.group(2)) != last
        || declared != null && !declared.equals(Integer.toString(length))) {
      abandon(resp);
      return Future.failedFuture(
          new PeerApiException(
              502,
              "bad_range",
              "the peer sent "
                  + resp.getHeader("Content-Range")
                  + " for bytes "
                  + offset
                  + "-"
                  + last));
    }
    return exactly(resp, length);
  }

  /** The body, which must be exactly {@code length} bytes. */
  private static Future<Buffer> exactly(HttpClientResponse resp, int length) {
    return collect(resp, length)
        .compose(
            bytes ->
                bytes.length() == length
                    ? Future.succeededFuture(bytes)
                    : Future.failedFuture(
                        new PeerApiException(
                            502,
                            "short_read",
                            "the peer sent " + bytes.length() + " of " + length + " bytes")));
  }

  /** The body, failing (and dropping the rest) as soon as it exceeds {@code limit} bytes. */
  private static Future<Buffer> collect(HttpClientResponse resp, int limit) {
    long declared = declaredLength(resp);
    if (declared > limit) {
      abandon(resp);
      return Future.failedFuture(
          new PeerApiException(
              502, "too_large", "the peer announced more than " + limit + " bytes"));
    }
    Promise<Buffer> done = Promise.promise();
    ChunkBody bytes = new ChunkBody(declared >= 0 ? (int) declared : limit);
    resp.handler(
        b -> {
          if (bytes.length() + b.length() > limit) {
            // Never hold more than was asked for, whatever the peer sends.
            abandon(resp);
            done.tryFail(
                new PeerApiException(
                    502, "too_large", "the peer sent more than " + limit + " bytes"));
          } else {
            bytes.append(b);
          }
        });
    resp.exceptionHandler(done::tryFail);
    resp.endHandler(v -> done.tryComplete(bytes.toBuffer()));
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
      return Future.failedFuture(
          new PeerApiException(
              502,
              "unexpected_status",
              "the peer answered " + resp.statusCode() + " to a chunk request"));
    }
    return resp.body()
        .compose(
            b -> {
              return Future.failedFuture(
                  resp.statusCode() / 100 == 2
                      ? new PeerApiException(
                          502,
                          "unexpected_status",
                          "the peer answered " + resp.statusCode() + " to a chunk request")
                      : PeerApiException.fromResponse(resp.statusCode(), b.toString()));
            });
  }

  /** Content-Length, or -1 when absent; an unreadable one counts as too large. */
  private static long declaredLength(HttpClientResponse resp) {
    String v = resp.getHeader("Content-Length");
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Drops the rest of an answer we refuse; the reset is ours, so it is not an error to log. */
  private static void abandon(HttpClientResponse resp) {
    try {
      resp.exceptionHandler(e -> {});
    } catch (IllegalStateException alreadyRead) {
      // A short answer (a 412's few bytes) may have ended before we got to it: nothing to drop.
      return;
    }
    resp.request().reset();
  }
}
