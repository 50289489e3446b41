package dev.drawbridge.peerapi;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** The peer answered, but with an error status; carries its error code and message. */
public final class PeerApiException extends RuntimeException {
  private final int status;
  private final String code;

  public PeerApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static PeerApiException fromResponse(int status, String body) {
    try {
      JsonObject o = new JsonObject(body);
      return new PeerApiException(
          status, o.getString("error", "error"), o.getString("message", "error " + status));
    } catch (DecodeException | ClassCastException e) {
      return new PeerApiException(status, "error", "peer answered " + status);
    }
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
