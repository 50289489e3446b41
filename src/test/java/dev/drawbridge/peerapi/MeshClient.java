package dev.drawbridge.peerapi;

import static io.restassured.RestAssured.given;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ssl.SSLSocketFactory;

/** REST Assured pointed at a peer's mesh port, presenting a real client certificate. */
public final class MeshClient {
  private MeshClient() {}

  @SuppressWarnings("deprecation")
  public static RequestSpecification as(Identity caller, PeerId server, int meshPort) {
    return with(caller.sslContext(PeerTrust.pinned(server)), meshPort);
  }

  @SuppressWarnings("deprecation")
  public static RequestSpecification with(SSLContext ctx, int meshPort) {
    SSLSocketFactory factory =
        new SSLSocketFactory(ctx, SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER);
    return given()
        .config(
            RestAssuredConfig.config().sslConfig(SSLConfig.sslConfig().sslSocketFactory(factory)))
        .baseUri("https://127.0.0.1")
        .port(meshPort)
        .urlEncodingEnabled(false);
  }
}
