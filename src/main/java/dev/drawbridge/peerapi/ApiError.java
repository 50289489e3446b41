package dev.drawbridge.peerapi;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Every refusal the peer API can give, and the one place each becomes an HTTP status. NOT_FOUND has
 * a single fixed body: "not granted", "no such share" and "no such file" must look identical.
 */
public enum ApiError {
  NOT_FOUND(404, "not found"),
  BAD_PATH(400, null),
  BAD_REQUEST(400, null),
  BAD_CHUNK(400, null),
  METHOD_NOT_ALLOWED(405, "method not allowed"),
  IS_DIRECTORY(409, "this is a folder; list it with a trailing '/'"),
  NOT_A_DIRECTORY(409, "this is a file, not a folder"),
  PRECONDITION_FAILED(412, "the file changed: it is no longer the version named by If-Match"),
  RANGE_NOT_SATISFIABLE(416, "range not satisfiable"),
  PRECONDITION_REQUIRED(428, "a chunk read must name the file version with If-Match"),
  INTERNAL(500, "internal error");

  final int status;
  private final String fixedMessage;

  ApiError(int status, String fixedMessage) {
    this.status = status;
    this.fixedMessage = fixedMessage;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Ends the response with this error; {@code detail} is used only where no fixed message exists.
   */
  void send(HttpServerResponse response, String detail) {
    if (response.ended() || response.headWritten()) {
      response.reset();
      return;
    }
    String body =
        new JsonObject()
            .put("error", code())
            .put("message", fixedMessage != null ? fixedMessage : detail)
            .encode();
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }
}
