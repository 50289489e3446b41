package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** Proves a fresh link works end to end: one {@code GET /peer/v1/hello} through it. */
final class Probe {
  static final long TIMEOUT_MS = 4000;

  private Probe() {}

  static Future<PeerLink> check(PeerLink link) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setURI("/peer/v1/hello")
            .setTimeout(TIMEOUT_MS);
    return link.http()
        .request(o)
        .compose(r -> r.send())
        .compose(
            resp ->
                resp.body()
                    .compose(
                        body -> {
                          if (resp.statusCode() != 200) {
                            return Future.failedFuture("peer answered " + resp.statusCode());
                          }
                          return Future.succeededFuture(link);
                        }))
        .recover(
            e -> {
              link.close();
              return Future.failedFuture(e);
            });
  }

  static Future<PeerLink> direct(HttpClient client, PeerId peer, Route route) {
    return check(new PeerLink(peer, client, route));
  }
}
