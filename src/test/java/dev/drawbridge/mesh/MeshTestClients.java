package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/** The mesh's own mutual-TLS HTTP client (keep-alive), for tests in other packages. */
public final class MeshTestClients {
  private MeshTestClients() {}

  public static HttpClient client(Vertx vertx, Identity caller, PeerId server, int meshPort) {
    return vertx.createHttpClient(
        MeshTls.client(caller, server)
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(meshPort)
            .setKeepAlive(true)
            .setMaxPoolSize(4));
  }
}
