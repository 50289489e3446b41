package dev.drawbridge.web;

import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.ShareException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Local API errors: one JSON shape {"error","message"} and one mapping from failures to statuses. */
public final class LocalApiErrors {
  private LocalApiErrors() {}

  static void send(HttpServerResponse out, int status, String code, String message) {
    if (out.headWritten()) {
      out.reset();
      return;
    }
    out.setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  static Response response(int status, String code, String message) {
    return Response.status(status).type("application/json").entity(Map.of("error", code, "message", message)).build();
  }

  /** Maps every failure the local API knows to a status; anything else is a 500 without details. */
  static Response of(Throwable e) {
    if (e instanceof ShareException s) {
      return switch (s.kind()) {
        case INVALID -> response(400, "invalid", s.getMessage());
        case NOT_FOUND -> response(404, "not_found", s.getMessage());
        case CONFLICT -> response(409, "conflict", s.getMessage());
      };
    } else if (e instanceof PeerApiException p) {
      return response(p.status() == 404 ? 404 : 502, p.code(), p.getMessage());
    } else if (e instanceof dev.drawbridge.mesh.PeerUnreachableException) {
      return response(502, "peer_unreachable", e.getMessage());
    } else if (e instanceof IllegalArgumentException) {
      return response(400, "invalid", e.getMessage());
    }
    return response(500, "internal", "internal error");
  }

  /** A failure as one sentence for the UI. */
  static String readable(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "something went wrong" : m;
  }

  @Provider
  public static class ShareErrors implements ExceptionMapper<ShareException> {
    @Override
    public Response toResponse(ShareException e) {
      return of(e);
    }
  }

  @Provider
  public static class BadPaths implements ExceptionMapper<dev.drawbridge.share.BadPathException> {
    @Override
    public Response toResponse(dev.drawbridge.share.BadPathException e) {
      return response(400, "bad_path", e.getMessage());
    }
  }

  @Provider
  public static class BadArguments implements ExceptionMapper<IllegalArgumentException> {
    @Override
    public Response toResponse(IllegalArgumentException e) {
      return of(e);
    }
  }
}
