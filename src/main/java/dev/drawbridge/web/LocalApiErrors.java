package dev.drawbridge.web;

import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.offer.OfferRefused;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.ShareException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one error mapper of the local API: every failure an endpoint can throw becomes one status and
 * one shape, {"error": code, "message": reason} (docs/api.md). htmx requests and the no-JS forms
 * get the same failure as a small Qute fragment in plain words instead of JSON. Vert.x routes (the
 * guard, the proxy) answer through {@link #send} with the same table.
 */
public class LocalApiErrors {
  private static final Logger LOG = Logger.getLogger(LocalApiErrors.class);

  /** A failure as the API reports it. */
  public record Failure(int status, String code, String message) {}

  @CheckedTemplate
  static class Templates {
    /** {@code back}: a whole answer to a plain form (no htmx), which needs a way back. */
    static native TemplateInstance failure(String message, boolean back);
  }

  /** Maps every failure the local API knows to a status; anything else is a 500 without details. */
  static Failure of(Throwable e) {
    if (e instanceof ShareException s) {
      return switch (s.kind()) {
        case INVALID -> new Failure(400, "invalid", s.getMessage());
        case NOT_FOUND -> new Failure(404, "not_found", s.getMessage());
        case CONFLICT -> new Failure(409, "conflict", s.getMessage());
      };
    } else if (e instanceof OfferRefused r) {
      return new Failure(r.status(), r.code(), r.getMessage());
    } else if (e instanceof BadPathException) {
      return new Failure(400, "bad_path", e.getMessage());
    } else if (e instanceof PeerApiException p) {
      // The contact's own refusals (not granted, missing, bad range) pass through; the rest is a
      // bad gateway.
      return new Failure(
          p.status() >= 400 && p.status() < 500 ? p.status() : 502, p.code(), p.getMessage());
    } else if (e instanceof PeerUnreachableException) {
      return new Failure(502, "peer_unreachable", e.getMessage());
    } else if (e instanceof IllegalArgumentException) {
      return new Failure(400, "invalid", e.getMessage());
    } else if (e instanceof WebApplicationException w) {
      int status = w.getResponse().getStatus();
      return new Failure(status, code(status), e.getMessage());
    }
    return new Failure(500, "internal", "internal error");
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal" : "error";
    };
  }

  static Response json(Failure f) {
    return Response.status(f.status())
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", f.code(), "message", f.message() == null ? "" : f.message()))
        .build();
  }

  /**
   * The same shape for Vert.x routes (no JAX-RS there); a response already under way is cut
   * instead.
   */
  static void send(HttpServerResponse out, Failure f) {
    if (out.headWritten()) {
      out.reset();
      return;
    }
    out.setStatusCode(f.status())
        .putHeader("Content-Type", MediaType.APPLICATION_JSON)
        .end(new JsonObject().put("error", f.code()).put("message", f.message()).encode());
  }

  /** A failure as one sentence for a person (pages show it inline). */
  static String readable(Throwable e) {
    Failure f = of(e);
    if (f.status() >= 500
        && !(e instanceof PeerUnreachableException || e instanceof PeerApiException)) {
      return "Something went wrong here; the log has the details.";
    }
    String m = f.message();
    return m == null || m.isBlank() ? "something went wrong" : m;
  }

  @ServerExceptionMapper
  public Response map(Throwable e, HttpHeaders headers, UriInfo uri) {
    return answer(e, Htmx.isRequest(headers.getHeaderString(Htmx.REQUEST)), uri.getPath());
  }

  /**
   * JSON for the API; a fragment for htmx and for the pages' plain forms (they are read by a
   * person).
   */
  static Response answer(Throwable e, boolean htmx, String path) {
    if (e instanceof WebApplicationException w
        && (w.getResponse().getStatus() < 400 || w.getResponse().hasEntity())) {
      return w.getResponse(); // a redirect or a complete answer someone chose on purpose
    }
    Failure f = of(e);
    if (f.status() == 500) {
      LOG.error("local API request failed", e);
    }
    if (htmx || !path.startsWith("/api/")) {
      return Response.status(f.status())
          .type(MediaType.TEXT_HTML)
          .entity(Templates.failure(readable(e), !htmx).render())
          .build();
    }
    return json(f);
  }
}
