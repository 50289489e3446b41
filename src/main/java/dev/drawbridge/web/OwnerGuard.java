package dev.drawbridge.web;

import dev.drawbridge.app.UiConfig;
import dev.drawbridge.web.LocalApiErrors.Failure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Runs before every owner UI / local API request:
 *
 * <ul>
 *   <li>Host must name this UI (loopback names, the configured host, or allowed-hosts): a page on
 *       an attacker's domain that rebinds its DNS to 127.0.0.1 is refused (DNS rebinding).
 *   <li>State-changing methods and WebSocket handshakes must be same-origin: a browser's Origin (or
 *       Sec-Fetch-Site) must match; requests without either come from scripts like curl, which no
 *       web page can forge.
 *   <li>Every answer gets headers that keep it out of frames and stop content sniffing.
 * </ul>
 */
@ApplicationScoped
public class OwnerGuard {
  @Inject UiConfig ui;

  void install(@Observes Router router) {
    router.route().order(-1_000_000).handler(this::check);
  }

  void check(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    int port = req.localAddress() == null ? ui.port() : req.localAddress().port();
    String host = req.getHeader("Host");
    if (host == null || !allowedHosts(port).contains(host.toLowerCase(Locale.ROOT))) {
      refuse(
          rc,
          421,
          "host_not_allowed",
          "this UI only answers to its own address (Host header refused)");
      return;
    }
    boolean upgrade = "websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
    // A WebSocket handshake is a GET, but any page may open one: it must be same-origin too.
    if ((!isSafe(req.method()) || upgrade) && !sameOrigin(req, host)) {
      refuse(rc, 403, "cross_origin", "cross-site request refused");
      return;
    }
    if (BodyTypes.refuse(rc)) {
      return;
    }
    rc.response()
        .headers()
        .add("X-Frame-Options", "DENY")
        .add("X-Content-Type-Options", "nosniff")
        // same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on plain
        // form
        // POSTs, and the same-origin check above would refuse our own no-JavaScript forms.
        .add("Referrer-Policy", "same-origin")
        .add("Cross-Origin-Opener-Policy", "same-origin")
        .add("Cross-Origin-Resource-Policy", "same-origin");
    if (!rc.response().headers().contains("Content-Security-Policy")) {
      rc.response()
          .headers()
          .add(
              "Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                  + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }
    rc.next();
  }

  private Set<String> allowedHosts(int port) {
    Set<String> hosts = new HashSet<>();
    for (String h : new String[] {"localhost", "127.0.0.1", "[::1]", ui.host()}) {
      if (!h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]")) {
        hosts.add(h.toLowerCase(Locale.ROOT) + ":" + port);
        if (port == 80) {
          hosts.add(h.toLowerCase(Locale.ROOT));
        }
      }
    }
    ui.allowedHosts().ifPresent(list -> list.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT))));
    return hosts;
  }

  private static boolean isSafe(HttpMethod m) {
    return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
  }

  private static boolean sameOrigin(HttpServerRequest req, String host) {
    String origin = req.getHeader("Origin");
    if (origin != null) {
      return origin.equalsIgnoreCase("http://" + host)
          || origin.equalsIgnoreCase("https://" + host);
    }
    String site = req.getHeader("Sec-Fetch-Site");
    return site == null || site.equals("same-origin") || site.equals("none");
  }

  private static void refuse(RoutingContext rc, int status, String code, String message) {
    LocalApiErrors.send(rc.response(), new Failure(status, code, message));
  }
}
