package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.Dialer;
import dev.drawbridge.mesh.PeerLink;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;

/** The calling side of peer API v1: dials the peer and speaks JSON to it. */
public final class PeerApiClient {
  /** JSON bodies from peers are small; refuse anything bigger rather than buffer it. */
  static final int MAX_JSON_BYTES = 4 * 1024 * 1024;

  static final long REQUEST_TIMEOUT_MS = 15_000;

  private final Dialer dialer;

  public PeerApiClient(Dialer dialer) {
    this.dialer = dialer;
  }

  public Future<JsonObject> hello(PeerId peer) {
    return getJson(peer, "/peer/v1/hello").map(b -> new JsonObject(b));
  }

  public Future<JsonArray> shares(PeerId peer) {
    return getJson(peer, "/peer/v1/shares").map(b -> new JsonArray(b));
  }

  public Future<JsonObject> list(PeerId peer, String share, SharePath dir, String cursor) {
    String uri =
        uri(share, dir, true)
            + (cursor == null
                ? ""
                : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    return getJson(peer, uri).map(b -> new JsonObject(b));
  }

  /** A file's size, by HEAD (no body is transferred). */
  public Future<Long> size(PeerId peer, String share, SharePath file) {
    return exchange(
        peer,
        HttpMethod.HEAD,
        uri(share, file, false),
        null,
        null,
        resp -> {
          if (resp.statusCode() != 200) {
            return resp.body()
                .compose(
                    b ->
                        Future.failedFuture(
                            PeerApiException.fromResponse(resp.statusCode(), b.toString())));
          }
          String len = resp.getHeader("Content-Length");
          return len == null
              ? Future.failedFuture(new PeerApiException(502, "bad_answer", "no Content-Length"))
              : Future.succeededFuture(Long.parseLong(len));
        });
  }

  /** The peer API URI for a file or folder, percent-encoded. */
  public static String uri(String share, SharePath path, boolean directory) {
    String encodedShare = encodeSegment(share);
    String p = path.isRoot() ? "" : path.encoded();
    return "/peer/v1/shares/" + encodedShare + "/" + p + (directory && !path.isRoot() ? "/" : "");
  }

  /** The peer API URI for a batch of small files from one share. */
  public static String batchUri(String share) {
    return "/peer/v1/batch/" + encodeSegment(share);
  }

  /** The peer API URI for a batch of small files sent into one share. */
  public static String batchUploadUri(String share) {
    return "/peer/v1/batch-upload/" + encodeSegment(share);
  }

  /** The peer API URI for a file's manifest, percent-encoded. */
  public static String manifestUri(String share, SharePath file) {
    return "/peer/v1/manifests/" + encodeSegment(share) + "/" + file.encoded();
  }

  /**
   * The peer API URI for exactly {@code length} bytes at {@code offset} of a file (a chunk read).
   */
  public static String chunkUri(String share, SharePath file, long offset, int length) {
    return "/peer/v1/chunks/"
        + encodeSegment(share)
        + "/"
        + file.encoded()
        + "?offset="
        + offset
        + "&length="
        + length;
  }

  /** Opens a streaming request; the caller reads (or pipes) the response. Not buffered. */
  public Future<HttpClientResponse> open(
      PeerId peer, HttpMethod method, String uri, MultiMap headers) {
    return open(peer, method, uri, headers, null);
  }

  /**
   * Opens a streaming request, sending {@code body} (small, in memory). The caller must start
   * reading at once: see {@link #exchange} for why {@link #exchange} is the safer choice.
   */
  public Future<HttpClientResponse> open(
      PeerId peer, HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return exchange(peer, method, uri, headers, body, Future::succeededFuture);
  }

  /**
   * Sends a request and hands the response to {@code reader} in the very callback that delivers it.
   * Readers must set their handlers there: a response composed through further futures can be
   * handed over on another event loop after its body has already gone by, and then a body() waits
   * forever (seen as rare 30–60 s stalls on short 404 answers). A reader's own failure is the
   * answer; only a broken link is retried (once, on a fresh path).
   */
  public <T> Future<T> exchange(
      PeerId peer,
      HttpMethod method,
      String uri,
      MultiMap headers,
      Buffer body,
      Function<HttpClientResponse, Future<T>> reader) {
    return exchange(peer, method, uri, headers, body, REQUEST_TIMEOUT_MS, reader);
  }

  /**
   * As above, waiting up to {@code idleTimeoutMs} for the answer (an upload part's answer comes
   * only after the host has taken the whole body, which its owner may throttle).
   */
  <T> Future<T> exchange(
      PeerId peer,
      HttpMethod method,
      String uri,
      MultiMap headers,
      Buffer body,
      long idleTimeoutMs,
      Function<HttpClientResponse, Future<T>> reader) {
    return dialer
        .dial(peer)
        .compose(
            link ->
                send(link, method, uri, headers, body, idleTimeoutMs, reader)
                    .recover(
                        e -> {
                          if (e instanceof Answered) {
                            return Future.failedFuture(e);
                          }
                          // The link broke (peer restarted, relay bounced, address changed): find a
                          // path again, once.
                          dialer.forget(peer);
                          return dialer
                              .dial(peer)
                              .compose(
                                  fresh ->
                                      send(
                                          fresh,
                                          method,
                                          uri,
                                          headers,
                                          body,
                                          idleTimeoutMs,
                                          reader));
                        }))
        .recover(
            e -> Future.failedFuture(e instanceof Answered a ? a.getCause() : explain(peer, e)));
  }

  private <T> Future<T> send(
      PeerLink link,
      HttpMethod method,
      String uri,
      MultiMap headers,
      Buffer body,
      long idleTimeoutMs,
      Function<HttpClientResponse, Future<T>> reader) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(method)
            .setURI(uri)
            .setConnectTimeout(5000)
            .setIdleTimeout(idleTimeoutMs);
    if (headers != null) {
      o.setHeaders(headers);
    }
    return link.http()
        .request(o)
        .compose(
            r ->
                (body == null ? r.send() : r.send(body))
                    .compose(
                        resp -> {
                          Future<T> read;
                          try {
                            read = reader.apply(resp);
                          } catch (RuntimeException e) {
                            read = Future.failedFuture(e);
                          }
                          return read.recover(e -> Future.failedFuture(new Answered(e)));
                        }));
  }

  /** The peer answered and the reader refused or failed: not a link problem, never retried. */
  private static final class Answered extends Exception {
    Answered(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private Future<String> getJson(PeerId peer, String uri) {
    return getJson(peer, uri, MAX_JSON_BYTES).map(JsonReply::body);
  }

  /** A successful (2xx) JSON answer, with what a poller needs besides the body. */
  record JsonReply(int status, String retryAfter, String body) {}

  /**
   * GETs a JSON answer of at most {@code maxBytes}; non-2xx fails with a {@link PeerApiException}.
   */
  Future<JsonReply> getJson(PeerId peer, String uri, int maxBytes) {
    return exchange(
        peer,
        HttpMethod.GET,
        uri,
        null,
        null,
        resp -> {
          String len = resp.getHeader("Content-Length");
          if (len != null && Long.parseLong(len) > maxBytes) {
            resp.request().reset();
            return Future.failedFuture(
                new PeerApiException(502, "too_large", "peer sent an oversized answer"));
          }
          return resp.body()
              .compose(
                  body -> {
                    if (body.length() > maxBytes) {
                      return Future.failedFuture(
                          new PeerApiException(502, "too_large", "peer sent an oversized answer"));
                    }
                    if (resp.statusCode() / 100 != 2) {
                      return Future.failedFuture(
                          PeerApiException.fromResponse(resp.statusCode(), body.toString()));
                    }
                    return Future.succeededFuture(
                        new JsonReply(
                            resp.statusCode(), resp.getHeader("Retry-After"), body.toString()));
                  });
        });
  }

  /** Turns transport failures into one readable reason for the owner. */
  static Throwable explain(PeerId peer, Throwable e) {
    if (e instanceof PeerApiException || e instanceof PeerUnreachableException) {
      return e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return new PeerUnreachableException(
            peer,
            "the peer at that address is not who we expected (its key does not match), or refused us");
      }
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new PeerUnreachableException(peer, m);
  }

  private static String encodeSegment(String s) {
    try {
      return SharePath.parse(s).encoded();
    } catch (BadPathException e) {
      throw new IllegalArgumentException("bad share name");
    }
  }
}
