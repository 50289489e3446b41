package dev.drawbridge.relay;

import static dev.drawbridge.relay.RelayHarness.HOST;
import static dev.drawbridge.relay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import dev.drawbridge.relay.client.CircuitJoin;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import dev.drawbridge.relay.protocol.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The way peers use the relay: B's ordinary Vert.x TLS client with an HTTP proxy pointed at the
 * circuit port reaches A's mutual-TLS server; both ends authenticate each other by key, and the
 * relay only ever carries TLS records.
 */
class EndToEndTlsTest {

  @Test
  void peersHandshakeMutualTlsThroughRelayUsingHttpProxyOptions() throws Exception {
    try (RelayHarness relay = new RelayHarness()) {
      Identity a = Identity.generate();
      Identity b = Identity.generate();
      CompletableFuture<PeerId> seenByA = new CompletableFuture<>();
      NetServer mesh =
          await(
              relay
                  .vertx
                  .createNetServer(
                      tls(new NetServerOptions().setHost(HOST), a)
                          .setClientAuth(ClientAuth.REQUIRED)
                          .setTrustOptions(TrustOptions.wrap(PeerTrust.anyPeer())))
                  .connectHandler(
                      s -> {
                        try {
                          seenByA.complete(PeerTrust.peerOf(s.sslSession().getPeerCertificates()));
                        } catch (Exception e) {
                          seenByA.completeExceptionally(e);
                        }
                        s.handler(data -> s.write(Buffer.buffer("A got: ").appendBuffer(data)));
                      })
                  .listen(0));
      relay.client(
          a,
          new RelayClient.Listener() {
            @Override
            public void onIncoming(byte[] token) {
              CircuitJoin.join(relay.vertx, HOST, relay.server.circuitPort(), token)
                  .onSuccess(
                      joined ->
                          relay
                              .vertx
                              .createNetClient()
                              .connect(mesh.actualPort(), HOST)
                              .onSuccess(
                                  local -> {
                                    joined.pipeTo(local);
                                    local.pipeTo(joined);
                                  }));
            }
          });

      // B proves its key on its own control connection and gets a single-use circuit token,
      // which Vert.x sends as Proxy-Authorization: Basic with the CONNECT.
      byte[] circuitToken =
          await(relay.client(b, new RelayClient.Listener() {}).circuitToken(a.peerId()));
      NetClientOptions options =
          tls(new NetClientOptions(), b)
              .setTrustOptions(TrustOptions.wrap(PeerTrust.pinned(a.peerId())))
              .setHostnameVerificationAlgorithm("")
              .setProxyOptions(
                  new ProxyOptions()
                      .setType(ProxyType.HTTP)
                      .setHost(HOST)
                      .setPort(relay.server.circuitPort())
                      .setUsername(CircuitPreamble.TOKEN_USER)
                      .setPassword(Tokens.key(circuitToken)));
      NetSocket socket =
          await(
              relay
                  .vertx
                  .createNetClient(options)
                  .connect(7778, CircuitPreamble.hostOf(a.peerId())));
      CompletableFuture<String> answer = new CompletableFuture<>();
      Buffer received = Buffer.buffer();
      socket.handler(
          data -> {
            received.appendBuffer(data);
            if (received.length() >= "A got: hello".length()) {
              answer.complete(received.toString(StandardCharsets.UTF_8));
            }
          });
      socket.write("hello");
      assertEquals("A got: hello", answer.get(10, TimeUnit.SECONDS));
      assertEquals(b.peerId(), seenByA.get(5, TimeUnit.SECONDS));
      assertTrue(
          relay.server.stats().bytesToTarget() > "hello".length(), "TLS records, not plaintext");
      socket.close();
    }
  }

  private static <T extends io.vertx.core.net.TCPSSLOptions> T tls(T options, Identity identity) {
    options
        .setSsl(true)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
        .setKeyCertOptions(KeyCertOptions.wrap(identity.keyManager()));
    return options;
  }
}
