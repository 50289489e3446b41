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
  INTERNAL(500, "internal error"),
  // Uploads (UploadResponder): one constant per upload.UploadRefusal.Reason, same name.
  READ_ONLY(403, "this share is granted to you read-only"),
  DIGEST_MISMATCH(400, null),
  EXISTS(409, null),
  OFFSET_MISMATCH(409, null),
  UPLOAD_BUSY(409, null),
  TOO_LARGE(413, null),
  TOO_MANY_UPLOADS(429, null),
  QUOTA_EXCEEDED(507, null),
  INSUFFICIENT_STORAGE(507, null);

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
    if (this == TOO_MANY_UPLOADS && !response.headWritten()) {
      response.putHeader("Retry-After", "1");
    }
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
