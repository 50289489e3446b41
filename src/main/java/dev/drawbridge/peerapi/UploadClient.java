package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.upload.DigestField;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.Base64;

/**
 * The sending side of uploads (docs/protocol.md "Uploads"): one request per call here; {@link
 * FileSender} strings them into a whole file with resume. Failures are {@link PeerApiException}s
 * with the host's status and error code (409 exists, 413, 507, ...) or, for a broken link, a
 * PeerUnreachableException.
 */
public final class UploadClient {
  /** Largest file sent in one PUT; larger ones are resumable. */
  public static final long SINGLE_PUT_MAX = 8L << 20;

  /** Part size when the host allows it (its Upload-Limit may be smaller). */
  public static final int DEFAULT_PART = 16 << 20;

  /** A part's answer comes after the host took the whole body, which may be throttled. */
  static final long PART_TIMEOUT_MS = 120_000;

  /** A resumable upload just created on the host. */
  public record Created(String location, long offset, long maxPart) {}

  /**
   * The host's answer to a body: 201 (placed: etag, reprDigest, location) or 204 (more to come).
   */
  public record Result(int status, String etag, String reprDigest, String location) {}

  /** A send stopped at a part boundary on request: resume it later with this location. */
  public static final class Stopped extends RuntimeException {
    private final String location;
    private final long offset;

    public Stopped(String location, long offset) {
      super("stopped at " + offset + " bytes", null, false, false);
      this.location = location;
      this.offset = offset;
    }

    public String location() {
      return location;
    }

    public long offset() {
      return offset;
    }
  }

  private final Vertx vertx;
  private final PeerApiClient client;

  public UploadClient(Vertx vertx, PeerApiClient client) {
    this.vertx = vertx;
    this.client = client;
  }

  Vertx vertx() {
    return vertx;
  }

  /**
   * Creates a resumable upload of {@code length} bytes at {@code path}; no bytes are sent yet.
   * Digests given to this client ({@code reprDigestOrNull} here and in {@link #append}) are the
   * bare base64 of the sha-256; the client writes the {@code sha-256=:…:} field itself.
   */
  public Future<Created> create(
      PeerId peer,
      String share,
      SharePath path,
      long length,
      String reprDigestOrNull,
      String ifMatchOrNull) {
    return createAt(
        peer, PeerApiClient.uri(share, path, false), length, reprDigestOrNull, ifMatchOrNull);
  }

  /** A create at any upload-creating URI (a share path, or a push offer's file). */
  Future<Created> createAt(
      PeerId peer, String uri, long length, String reprDigestOrNull, String ifMatchOrNull) {
    MultiMap h =
        MultiMap.caseInsensitiveMultiMap()
            .add("Upload-Length", Long.toString(length))
            .add("Upload-Complete", "?0")
            .add("Content-Length", "0");
    optional(h, "Repr-Digest", reprField(reprDigestOrNull));
    optional(h, "If-Match", ifMatchOrNull);
    return client.exchange(
        peer,
        HttpMethod.PUT,
        uri,
        h,
        Buffer.buffer(),
        resp ->
            expect(resp, 202)
                .map(
                    v ->
                        new Created(
                            resp.getHeader("Location"),
                            Long.parseLong(resp.getHeader("Upload-Offset")),
                            maxPart(resp.getHeader("Upload-Limit")))));
  }

  /** A whole (small) file in one request: 201 when placed. */
  public Future<Result> put(
      PeerId peer, String share, SharePath path, Buffer bytes, String ifMatchOrNull) {
    return putAt(peer, PeerApiClient.uri(share, path, false), bytes, ifMatchOrNull);
  }

  /** A whole (small) file in one request at any upload-creating URI. */
  Future<Result> putAt(PeerId peer, String uri, Buffer bytes, String ifMatchOrNull) {
    return vertx
        .executeBlocking(() -> sha256(bytes), false)
        .compose(
            digest -> {
              MultiMap h =
                  MultiMap.caseInsensitiveMultiMap()
                      .add("Upload-Length", Integer.toString(bytes.length()))
                      .add("Upload-Complete", "?1")
                      .add("Content-Digest", DigestField.of(digest))
                      .add("Repr-Digest", DigestField.of(digest));
              optional(h, "If-Match", ifMatchOrNull);
              String location = uri;
              return client.exchange(
                  peer, HttpMethod.PUT, location, h, bytes, PART_TIMEOUT_MS, this::result);
            });
  }

  /**
   * Sends the local file {@code local} to {@code path}, resuming {@code knownLocationOrNull} if
   * given ({@link FileSender} has the flow). {@code progress} gets the host's verified offset.
   */
  public Future<Result> sendFile(
      PeerId peer,
      String share,
      SharePath path,
      java.nio.file.Path local,
      String knownLocationOrNull,
      java.util.function.LongConsumer progress,
      java.util.function.Supplier<Boolean> stopRequested) {
    return new FileSender(
            this, peer, PeerApiClient.uri(share, path, false), local, progress, stopRequested)
        .start(knownLocationOrNull);
  }

  /**
   * As {@link #sendFile}, creating the upload at {@code createUri} (a push offer's {@code
   * /peer/v1/offers/{offer}/files/{n}}: the receiver picks the folder and the name).
   */
  public Future<Result> sendFileTo(
      PeerId peer,
      String createUri,
      java.nio.file.Path local,
      String knownLocationOrNull,
      java.util.function.LongConsumer progress,
      java.util.function.Supplier<Boolean> stopRequested) {
    return new FileSender(this, peer, createUri, local, progress, stopRequested)
        .start(knownLocationOrNull);
  }

  /** One small file (≤ 1 MiB) for {@link #sendBatch}. */
  public record BatchFile(SharePath path, Buffer bytes) {}

  /** The host's answer for one file of a batch: 201 placed, else the refusal. */
  public record BatchResult(String path, int status, String error, String etag) {}

  /**
   * Sends many small files in as few requests as the host's limits allow (1,000 files, 64 MiB per
   * request); each file is placed or refused on its own. Files above 1 MiB must go by {@link
   * #sendFile}.
   */
  public Future<java.util.List<BatchResult>> sendBatch(
      PeerId peer, String share, java.util.List<BatchFile> files) {
    java.util.List<BatchResult> out = new java.util.ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    int from = 0;
    while (from < files.size()) {
      int to = from;
      long bytes = 0;
      while (to < files.size()
          && to - from < BatchUploadResponder.MAX_FILES
          && bytes + files.get(to).bytes().length() + 512 <= BatchUploadResponder.MAX_BODY_BYTES) {
        bytes += files.get(to).bytes().length() + 512;
        to++;
      }
      if (to == from) {
        to++; // a single oversized file: the host answers 413 for the request
      }
      java.util.List<BatchFile> group = files.subList(from, to);
      chain =
          chain.compose(
              v ->
                  batchRequest(peer, share, group)
                      .map(
                          r -> {
                            out.addAll(r);
                            return null;
                          }));
      from = to;
    }
    return chain.map(v -> out);
  }

  private Future<java.util.List<BatchResult>> batchRequest(
      PeerId peer, String share, java.util.List<BatchFile> group) {
    return vertx
        .executeBlocking(
            () -> {
              int size = 0;
              for (BatchFile f : group) {
                size += f.bytes().length() + 160; // the head line: path, size, 64 hex digits
              }
              Buffer body = Buffer.buffer(size); // framed once, never regrown
              for (BatchFile f : group) {
                java.security.MessageDigest md = DigestField.sha256Digest();
                md.update(f.bytes().getByteBuf().nioBuffer()); // no copy of the bytes
                body.appendString(
                        new io.vertx.core.json.JsonObject()
                            .put("path", f.path().toString())
                            .put("size", f.bytes().length())
                            .put("sha256", java.util.HexFormat.of().formatHex(md.digest()))
                            .encode())
                    .appendByte((byte) '\n')
                    .appendBuffer(f.bytes());
              }
              return body;
            },
            false)
        .compose(
            body ->
                client.exchange(
                    peer,
                    HttpMethod.POST,
                    PeerApiClient.batchUploadUri(share),
                    MultiMap.caseInsensitiveMultiMap()
                        .add("Content-Type", BatchUploadResponder.CONTENT_TYPE),
                    body,
                    PART_TIMEOUT_MS,
                    resp ->
                        resp.statusCode() != 200
                            ? failure(resp)
                            : resp.body()
                                .map(
                                    b -> {
                                      java.util.List<BatchResult> r = new java.util.ArrayList<>();
                                      for (Object o :
                                          new io.vertx.core.json.JsonObject(b)
                                              .getJsonArray("results")) {
                                        io.vertx.core.json.JsonObject j =
                                            (io.vertx.core.json.JsonObject) o;
                                        r.add(
                                            new BatchResult(
                                                j.getString("path"),
                                                j.getInteger("status"),
                                                j.getString("error"),
                                                j.getString("etag")));
                                      }
                                      return r;
                                    })));
  }

  /** The host's verified offset of an upload. */
  public Future<Long> offset(PeerId peer, String location) {
    return client.exchange(
        peer,
        HttpMethod.HEAD,
        location,
        null,
        null,
        resp -> expect(resp, 204).map(v -> Long.parseLong(resp.getHeader("Upload-Offset"))));
  }

  /**
   * Sends {@code part} at {@code offset}; {@code complete} on the part that ends the file. The
   * Content-Digest is computed here (off the event loop); {@code reprDigestOrNull} is the bare
   * base64 of the whole file's sha-256.
   */
  public Future<Result> append(
      PeerId peer,
      String location,
      long offset,
      Buffer part,
      boolean complete,
      String reprDigestOrNull) {
    return vertx
        .executeBlocking(() -> sha256(part), false)
        .compose(
            digest -> append(peer, location, offset, part, digest, complete, reprDigestOrNull));
  }

  Future<Result> append(
      PeerId peer,
      String location,
      long offset,
      Buffer part,
      String partDigest,
      boolean complete,
      String reprDigestOrNull) {
    MultiMap h =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/partial-upload")
            .add("Upload-Offset", Long.toString(offset))
            .add("Upload-Complete", complete ? "?1" : "?0")
            .add("Content-Digest", DigestField.of(partDigest));
    optional(h, "Repr-Digest", reprField(reprDigestOrNull));
    return client.exchange(
        peer, HttpMethod.PATCH, location, h, part, PART_TIMEOUT_MS, this::result);
  }

  /** Cancels an upload: the host removes its partial file. */
  public Future<Void> cancel(PeerId peer, String location) {
    return client.exchange(
        peer, HttpMethod.DELETE, location, null, null, resp -> expect(resp, 204));
  }

  /** Makes a folder (and its parents): true when made, false when it already was one. */
  public Future<Boolean> mkdir(PeerId peer, String share, SharePath folder) {
    return client.exchange(
        peer,
        HttpMethod.MKCOL,
        PeerApiClient.uri(share, folder, true),
        null,
        null,
        resp ->
            resp.statusCode() == 201 || resp.statusCode() == 204
                ? resp.body().map(b -> resp.statusCode() == 201)
                : failure(resp));
  }

  private Future<Result> result(HttpClientResponse resp) {
    if (resp.statusCode() != 201 && resp.statusCode() != 204) {
      return failure(resp);
    }
    return resp.body()
        .map(
            b ->
                new Result(
                    resp.statusCode(),
                    resp.getHeader("ETag"),
                    resp.getHeader("Repr-Digest"),
                    resp.getHeader("Location")));
  }

  private static Future<Void> expect(HttpClientResponse resp, int status) {
    return resp.statusCode() == status ? resp.body().mapEmpty() : failure(resp);
  }

  static <T> Future<T> failure(HttpClientResponse resp) {
    return resp.body()
        .compose(
            b ->
                Future.failedFuture(
                    b.length() > PeerApiClient.MAX_JSON_BYTES
                        ? new PeerApiException(resp.statusCode(), "error", "peer answered badly")
                        : PeerApiException.fromResponse(resp.statusCode(), b.toString())));
  }

  private static long maxPart(String uploadLimit) {
    if (uploadLimit != null) {
      for (String item : uploadLimit.split(",")) {
        String t = item.strip();
        if (t.startsWith("max-size=")) {
          try {
            return Long.parseLong(t.substring("max-size=".length()));
          } catch (NumberFormatException e) {
            break;
          }
        }
      }
    }
    return DEFAULT_PART;
  }

  /**
   * The Repr-Digest field for a bare base64 sha-256. A value that is already a field would go out
   * wrapped twice and the host would refuse the whole upload at its last part (400), so it is a
   * caller's mistake refused here, before any byte is sent.
   */
  static String reprField(String base64OrNull) {
    if (base64OrNull == null) {
      return null;
    }
    if (base64OrNull.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "give the sha-256 as bare base64, not as a digest field: " + base64OrNull);
    }
    return DigestField.of(base64OrNull);
  }

  private static void optional(MultiMap h, String name, String value) {
    if (value != null) {
      h.add(name, value);
    }
  }

  static String sha256(Buffer b) {
    java.security.MessageDigest md = dev.drawbridge.upload.DigestField.sha256Digest();
    md.update(b.getByteBuf().nioBuffer());
    return Base64.getEncoder().encodeToString(md.digest());
  }
}
