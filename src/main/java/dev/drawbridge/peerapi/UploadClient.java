package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** STUB (h10d) until h10a lands: the wire doc's signatures only. */
public final class UploadClient {
  public record Created(String location, long offset, long maxPart) {}

  public record Result(int status, String etag, String reprDigest, String location) {}

  public Future<Created> create(
      PeerId peer,
      String share,
      SharePath path,
      long length,
      String reprDigestOrNull,
      String ifMatchOrNull) {
    return Future.failedFuture(new PeerApiException(501, "stub", "stub"));
  }

  public Future<Long> offset(PeerId peer, String location) {
    return Future.failedFuture(new PeerApiException(501, "stub", "stub"));
  }

  public Future<Result> append(
      PeerId peer,
      String location,
      long offset,
      Buffer part,
      boolean complete,
      String reprDigestOrNull) {
    return Future.failedFuture(new PeerApiException(501, "stub", "stub"));
  }

  public Future<Void> cancel(PeerId peer, String location) {
    return Future.failedFuture(new PeerApiException(501, "stub", "stub"));
  }

  public Future<Boolean> mkdir(PeerId peer, String share, SharePath folder) {
    return Future.failedFuture(new PeerApiException(501, "stub", "stub"));
  }
}
