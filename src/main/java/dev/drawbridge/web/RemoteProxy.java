package dev.drawbridge.web;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.web.LocalApiErrors.Failure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code GET|HEAD /api/v1/contacts/{peerId}/shares[/{share}/{path}[/]]}: the owner's view of a
 * contact's peer API. Requests are re-built from validated parts (never forwarded raw), Range and
 * validators pass through both ways, and bodies are piped with back-pressure, so browser downloads
 * stream and resume. File bodies always leave as attachments in a sandbox: a peer can never run
 * script in this UI's origin.
 */
@ApplicationScoped
public class RemoteProxy {
  static final String PREFIX = "/api/v1/contacts/";
  private static final List<String> REQUEST_HEADERS =
      List.of("Range", "If-Range", "If-None-Match", "If-Modified-Since");
  private static final List<String> RESPONSE_HEADERS =
      List.of(
          "Content-Type",
          "Content-Length",
          "Content-Range",
          "Accept-Ranges",
          "ETag",
          "Last-Modified",
          "Repr-Digest");
  private static final Logger LOG = Logger.getLogger(RemoteProxy.class);

  @Inject PeerNode node;

  void install(@Observes Router router) {
    router
        .routeWithRegex("^/api/v1/contacts/[^/]+/shares(/.*)?$")
        .order(-1000)
        .handler(this::proxy);
  }

  void proxy(RoutingContext rc) {
    HttpServerResponse out = rc.response();
    if (rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.HEAD) {
      LocalApiErrors.send(out, new Failure(405, "method_not_allowed", "only GET and HEAD"));
      return;
    }
    String tail = rc.request().path().substring(PREFIX.length());
    int slash = tail.indexOf('/');
    PeerId peer;
    try {
      peer = PeerId.parse(tail.substring(0, slash));
    } catch (IllegalArgumentException e) {
      LocalApiErrors.send(out, new Failure(400, "bad_peer_id", e.getMessage()));
      return;
    }
    String rest = tail.substring(slash + "/shares".length());
    String uri;
    boolean file;
    String shareName = null;
    SharePath filePath = null;
    try {
      if (rest.isEmpty() || rest.equals("/")) {
        uri = "/peer/v1/shares";
        file = false;
      } else {
        String inShare = rest.substring(1);
        int s = inShare.indexOf('/');
        SharePath share = SharePath.parseEncoded(s < 0 ? inShare : inShare.substring(0, s));
        String pathPart = s < 0 ? "" : inShare.substring(s + 1);
        SharePath path = SharePath.parseEncoded(pathPart);
        boolean dir = pathPart.isEmpty() || pathPart.endsWith("/");
        if (share.segments().size() != 1) {
          throw new BadPathException("bad share name");
        }
        uri = PeerApiClient.uri(share.name(), path, dir) + query(rc, dir);
        file = !dir;
        shareName = share.name();
        filePath = path;
      }
    } catch (BadPathException e) {
      LocalApiErrors.send(out, LocalApiErrors.of(e));
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    REQUEST_HEADERS.forEach(
        h -> {
          String v = rc.request().getHeader(h);
          if (v != null) {
            headers.set(h, v);
          }
        });
    String fileName = file ? lastName(rest) : null;
    // For file bodies, the host's manifest (if it has one ready) lets us check what we relay.
    Future<Optional<Manifest>> manifest =
        file && rc.request().method() == HttpMethod.GET
            ? node.chunkReads().manifestIfReady(peer, shareName, filePath)
            : Future.succeededFuture(Optional.empty());
    manifest.onComplete(
        m ->
            node.client()
                .open(peer, rc.request().method(), uri, headers)
                .onComplete(
                    ar -> {
                      if (ar.failed()) {
                        // No answer at all is the peer being unreachable, whatever broke on the
                        // way.
                        Throwable e = ar.cause();
                        LocalApiErrors.send(
                            out,
                            LocalApiErrors.of(
                                e instanceof PeerApiException
                                        || e instanceof PeerUnreachableException
                                    ? e
                                    : new PeerUnreachableException(peer, e.getMessage())));
                      } else {
                        relay(rc, ar.result(), fileName, m.result().orElse(null));
                      }
                    }));
  }

  private static void relay(
      RoutingContext rc, HttpClientResponse in, String fileName, Manifest manifest) {
    HttpServerResponse out = rc.response();
    out.setStatusCode(in.statusCode());
    RESPONSE_HEADERS.forEach(
        h -> {
          String v = in.getHeader(h);
          if (v != null) {
            out.putHeader(h, v);
          }
        });
    if (fileName != null && in.statusCode() / 100 == 2) {
      out.putHeader("Content-Disposition", ContentDisposition.attachment(fileName));
      out.putHeader("Content-Security-Policy", "sandbox; default-src 'none'");
    }
    out.putHeader("Cache-Control", "no-store");
    // If the browser goes away, stop pulling bytes from the peer.
    out.closeHandler(v -> in.request().reset());
    boolean checkable =
        manifest != null
            && manifest.etag().equals(in.getHeader("ETag"))
            && (in.statusCode() == 200 || in.statusCode() == 206);
    if (!checkable) {
      in.pipeTo(out);
      return;
    }
    if (in.statusCode() == 200) {
      out.putHeader("Repr-Digest", "sha-256=:" + manifest.digest() + ":");
    }
    relayVerified(in, out, new ChunkVerifier(manifest, rangeStart(in.getHeader("Content-Range"))));
  }

  /**
   * Streams with back-pressure like pipeTo, but hashes every chunk on the way: on the first
   * mismatch both connections are reset, so the browser shows a failed download instead of keeping
   * bytes the host's own manifest says are wrong.
   */
  private static void relayVerified(
      HttpClientResponse in, HttpServerResponse out, ChunkVerifier verifier) {
    in.handler(
        data -> {
          if (!verifier.update(data)) {
            LOG.warnf("aborting a browser download: %s", verifier.failure());
            in.request().reset();
            out.reset();
            return;
          }
          out.write(data);
          if (out.writeQueueFull()) {
            in.pause();
            out.drainHandler(v -> in.resume());
          }
        });
    in.exceptionHandler(e -> out.reset());
    in.endHandler(
        v -> {
          if (!out.ended() && !out.closed()) {
            out.end();
          }
        });
  }

  private static long rangeStart(String contentRange) {
    if (contentRange == null || !contentRange.startsWith("bytes ")) {
      return 0;
    }
    try {
      return Long.parseLong(contentRange.substring(6, contentRange.indexOf('-')));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String lastName(String encodedRest) {
    try {
      return SharePath.parseEncoded(encodedRest.substring(encodedRest.lastIndexOf('/') + 1)).name();
    } catch (BadPathException e) {
      return "download";
    }
  }

  private static String query(RoutingContext rc, boolean dir) {
    if (!dir) {
      return "";
    }
    StringBuilder q = new StringBuilder();
    for (String key : List.of("cursor", "limit")) {
      String v = rc.request().getParam(key);
      if (v != null) {
        q.append(q.length() == 0 ? '?' : '&')
            .append(key)
            .append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return q.toString();
  }
}
