package dev.drawbridge.web;

import dev.drawbridge.web.LocalApiErrors.Failure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A request to the local JSON API that carries a body must say what it is: without a Content-Type
 * it is refused with 415 instead of being read as JSON (docs/api.md: "Send JSON bodies with
 * Content-Type: application/json"). Bodiless actions (pause, refresh) and the pages' forms (which
 * always send their type) are unaffected. Runs inside {@link OwnerGuard}.
 */
final class BodyTypes {
  private BodyTypes() {}

  /** Answers 415 and returns true when {@code rc} is an API write with an untyped body. */
  static boolean refuse(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    if (!req.path().startsWith("/api/") || carriesFile(req)) {
      return false;
    }
    HttpMethod m = req.method();
    boolean writes = m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH;
    if (writes && req.getHeader("Content-Type") == null && hasBody(req)) {
      LocalApiErrors.send(
          rc.response(),
          new Failure(
              415, "unsupported_media_type", "send the body with Content-Type: application/json"));
      return true;
    }
    return false;
  }

  /** File bytes (curl -T sends no Content-Type; they are bytes whatever it says). */
  private static boolean carriesFile(HttpServerRequest req) {
    return (req.method() == HttpMethod.PUT && req.path().startsWith(RemoteProxy.PREFIX))
        || (req.method() == HttpMethod.PATCH && req.path().startsWith(UploadResources.PREFIX));
  }

  private static boolean hasBody(HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    if (req.getHeader("Transfer-Encoding") != null) {
      return true;
    }
    try {
      return length != null && Long.parseLong(length.trim()) > 0;
    } catch (NumberFormatException e) {
      return true; // malformed: refuse rather than guess
    }
  }
}
