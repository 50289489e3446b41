package dev.drawbridge.offer;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.PeerApiException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** The sender's calls of the offer flow ({@link OfferResponder} has the whole flow). */
final class OfferClient {
  /** Under the client's 15 s idle timeout, so a long poll ends before the link is judged dead. */
  static final int WAIT_SECONDS = 10;

  private final PeerApiClient client;

  OfferClient(PeerApiClient client) {
    this.client = client;
  }

  /** Offers the files; answers the receiver's id for the offer. */
  Future<String> offer(PeerId peer, JsonObject body) {
    return call(peer, HttpMethod.POST, OfferResponder.PREFIX, body).map(o -> o.getString("offer"));
  }

  /** The receiver's view; with {@code known}, waits until it differs (or the wait ends). */
  Future<JsonObject> status(PeerId peer, String remoteId, String known) {
    String uri =
        OfferResponder.PREFIX
            + "/"
            + remoteId
            + (known == null ? "" : "?wait=" + WAIT_SECONDS + "&known=" + known);
    return call(peer, HttpMethod.GET, uri, null);
  }

  Future<Void> withdraw(PeerId peer, String remoteId) {
    return call(peer, HttpMethod.DELETE, OfferResponder.PREFIX + "/" + remoteId, null).mapEmpty();
  }

  static String fileUri(String remoteId, int n) {
    return OfferResponder.PREFIX + "/" + remoteId + "/files/" + n;
  }

  private Future<JsonObject> call(PeerId peer, HttpMethod method, String uri, JsonObject body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (body != null) {
      headers.add("Content-Type", "application/json");
    }
    return client.exchange(
        peer,
        method,
        uri,
        headers,
        body == null ? null : Buffer.buffer(body.encode()),
        resp ->
            resp.body()
                .compose(
                    b -> {
                      if (resp.statusCode() / 100 != 2) {
                        return Future.failedFuture(refusal(resp.statusCode(), b.toString()));
                      }
                      try {
                        return Future.succeededFuture(
                            b.length() == 0 ? new JsonObject() : b.toJsonObject());
                      } catch (DecodeException e) {
                        return Future.failedFuture(
                            new PeerApiException(502, "bad_answer", "not JSON: " + uri));
                      }
                    }));
  }

  private static PeerApiException refusal(int status, String body) {
    try {
      JsonObject o = new JsonObject(body);
      return new PeerApiException(
          status, o.getString("error", "error"), o.getString("message", "error " + status));
    } catch (DecodeException | ClassCastException e) {
      return new PeerApiException(status, "error", "peer answered " + status);
    }
  }
}
