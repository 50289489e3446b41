package dev.drawbridge.node;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.upload.DigestField;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A guest speaking the upload wire directly, headers and all, for tests of the host's answers. */
final class UploadPeer {
  /** One answer: status, the headers tests look at, and the body. */
  record Answer(int status, MultiMap headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final PeerNode guest;
  private final PeerId host;

  UploadPeer(PeerNode guest, PeerId host) {
    this.guest = guest;
    this.host = host;
  }

  static String sha256(byte[] b) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Answer send(HttpMethod method, String uri, MultiMap headers, byte[] body) throws Exception {
    Future<Answer> f =
        guest
            .client()
            .exchange(
                host,
                method,
                uri,
                headers,
                body == null ? null : Buffer.buffer(body),
                r -> r.body().map(b -> new Answer(r.statusCode(), r.headers(), b.toString())));
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof PeerApiException p ? p : e;
    }
  }

  /** A one-request PUT of {@code body}; {@code digest} null = the body's own sha-256. */
  Answer put(String share, String path, byte[] body, String digest, String ifMatch)
      throws Exception {
    MultiMap h =
        MultiMap.caseInsensitiveMultiMap()
            .add("Upload-Length", Integer.toString(body.length))
            .add("Upload-Complete", "?1")
            .add("Content-Digest", DigestField.of(digest == null ? sha256(body) : digest));
    if (ifMatch != null) {
      h.add("If-Match", ifMatch);
    }
    return send(HttpMethod.PUT, "/peer/v1/shares/" + share + "/" + path, h, body);
  }

  Answer put(String share, String path, byte[] body) throws Exception {
    return put(share, path, body, null, null);
  }

  /** Creates a resumable upload; its Location is the upload resource. */
  Answer create(String share, String path, long length) throws Exception {
    MultiMap h =
        MultiMap.caseInsensitiveMultiMap()
            .add("Upload-Length", Long.toString(length))
            .add("Upload-Complete", "?0")
            .add("Content-Length", "0");
    return send(HttpMethod.PUT, "/peer/v1/shares/" + share + "/" + path, h, new byte[0]);
  }

  Answer patch(
      String location, long offset, byte[] part, String digest, boolean complete, String repr)
      throws Exception {
    MultiMap h =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/partial-upload")
            .add("Upload-Offset", Long.toString(offset))
            .add("Upload-Complete", complete ? "?1" : "?0")
            .add("Content-Digest", DigestField.of(digest == null ? sha256(part) : digest));
    if (repr != null) {
      h.add("Repr-Digest", DigestField.of(repr));
    }
    return send(HttpMethod.PATCH, location, h, part);
  }

  long offset(String location) throws Exception {
    Answer a = send(HttpMethod.HEAD, location, null, null);
    return a.status() == 204 ? Long.parseLong(a.header("Upload-Offset")) : -a.status();
  }

  Answer mkcol(String share, String path) throws Exception {
    return send(HttpMethod.MKCOL, "/peer/v1/shares/" + share + "/" + path + "/", null, null);
  }
}
