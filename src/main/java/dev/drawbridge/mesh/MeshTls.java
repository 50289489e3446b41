package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TCPSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;

/**
 * The one place mesh TLS is configured: TLS 1.3 only, Ed25519 certificates, both sides
 * authenticated.
 */
final class MeshTls {
  static final int HANDSHAKE_TIMEOUT_SECONDS = 10;

  private MeshTls() {}

  /** Server: any Ed25519 client may connect; the peer API decides what each PeerId may see. */
  static HttpServerOptions server(Identity id) {
    HttpServerOptions o = new HttpServerOptions().setClientAuth(ClientAuth.REQUIRED);
    common(o, id, PeerTrust.anyPeer());
    // Limits on what a remote peer can make us allocate before any authorization happens.
    o.setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024).setMaxChunkSize(64 * 1024);
    // No traffic either way for a minute ends a connection; a request head that does not arrive in
    // time is the ConnectionGuard's job (an idle timeout resets on every dripped byte).
    o.setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS);
    return o;
  }

  /** Client pinned to the peer it means to reach. */
  static HttpClientOptions client(Identity id, PeerId expected) {
    HttpClientOptions o = new HttpClientOptions().setVerifyHost(false).setForceSni(false);
    common(o, id, PeerTrust.pinned(expected));
    o.setConnectTimeout(5000).setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS);
    // 8 connections = one download's 8 chunks in flight. (16 was tried: ChunkReadsTest's
    // not-granted manifest request after the "still hashing" test then hung; not understood yet.)
    o.setMaxPoolSize(8).setKeepAlive(true).setMaxChunkSize(64 * 1024);
    // Below the server's keep-alive deadline (MeshServer.Limits.keepAlive, 30 s), so the client
    // drops an idle pooled connection before the server would close it under a new request.
    o.setKeepAliveTimeout(20);
    return o;
  }

  private static void common(TCPSSLOptions o, Identity id, X509TrustManager trust) {
    o.setSsl(true)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
        .setKeyCertOptions(KeyCertOptions.wrap(id.keyManager()))
        .setTrustOptions(TrustOptions.wrap(trust))
        .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS)
        .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
        .setTcpNoDelay(true);
    // No receive/send buffer sizes: Vert.x would then read every socket into a fixed buffer of
    // that size (a fresh 1 MiB per read, measured in bench/); kernel autotuning does better.
  }
}
