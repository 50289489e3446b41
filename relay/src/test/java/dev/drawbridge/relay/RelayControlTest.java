package dev.drawbridge.relay;

import static dev.drawbridge.relay.RelayHarness.HOST;
import static dev.drawbridge.relay.RelayHarness.await;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerTrust;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.client.RelayRefusedException;
import dev.drawbridge.relay.protocol.FrameType;
import dev.drawbridge.relay.protocol.Tokens;
import dev.drawbridge.relay.protocol.Welcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RelayControlTest {

  @Test
  void welcomesAuthenticatedPeerWithCircuitPortAndObservedAddress() {
    try (RelayHarness relay = new RelayHarness()) {
      RelayClient client =
          new RelayClient(
              relay.vertx,
              Identity.generate(),
              HOST,
              relay.server.controlPort(),
              new RelayClient.Listener() {});
      Welcome welcome = await(client.connect());
      assertEquals(relay.server.circuitPort(), welcome.circuitPort());
      assertTrue(
          welcome.observedAddress().matches("127\\.0\\.0\\.1:\\d+"), welcome.observedAddress());
      assertEquals(relay.server.peerId(), client.relayPeerId());
      assertTrue(client.isConnected());
      await().atMost(Duration.ofSeconds(5)).until(() -> relay.server.stats().onlinePeers() == 1);
    }
  }

  @Test
  void secondConnectionWithSameIdentityReplacesTheFirst() {
    try (RelayHarness relay = new RelayHarness()) {
      Identity peer = Identity.generate();
      AtomicReference<Throwable> firstClosed = new AtomicReference<>();
      RelayClient first =
          relay.client(
              peer,
              new RelayClient.Listener() {
                @Override
                public void onClosed(Throwable cause) {
                  firstClosed.set(cause == null ? new Exception("null cause") : cause);
                }
              });
      RelayClient second = relay.client(peer, new RelayClient.Listener() {});
      await().atMost(Duration.ofSeconds(5)).until(() -> firstClosed.get() != null);
      assertFalse(first.isConnected());
      assertTrue(second.isConnected());
      RelayClient asker = relay.client(Identity.generate(), new RelayClient.Listener() {});
      assertTrue(await(asker.query(peer.peerId())));
      assertEquals(2, relay.server.stats().onlinePeers());
    }
  }

  @Test
  void reportsPresenceOnlineAndOffline() {
    try (RelayHarness relay = new RelayHarness()) {
      Identity a = Identity.generate();
      RelayClient clientA = relay.client(a, new RelayClient.Listener() {});
      RelayClient clientB = relay.client(Identity.generate(), new RelayClient.Listener() {});
      assertTrue(await(clientB.query(a.peerId())));
      assertFalse(await(clientB.query(Identity.generate().peerId())));
      await(clientA.close());
      await().atMost(Duration.ofSeconds(5)).until(() -> !await(clientB.query(a.peerId())));
    }
  }

  @Test
  void punchRequestToOfflinePeerFailsWithOfflineError() {
    try (RelayHarness relay = new RelayHarness()) {
      RelayClient client = relay.client(Identity.generate(), new RelayClient.Listener() {});
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () ->
                  client
                      .requestPunch(Identity.generate().peerId(), Tokens.random())
                      .toCompletionStage()
                      .toCompletableFuture()
                      .get(5, TimeUnit.SECONDS));
      RelayRefusedException refused = assertInstanceOf(RelayRefusedException.class, e.getCause());
      assertTrue(refused.isOffline(), refused.getMessage());
      assertTrue(
          client.isConnected(), "an offline target is no reason to drop the control connection");
    }
  }

  @Test
  void dropsIdleControlConnection() {
    RelayConfig config =
        RelayConfig.loopback()
            .withTimeouts(
                Duration.ofHours(1),
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    try (RelayHarness relay = new RelayHarness(config)) {
      RawControl raw = RawControl.open(relay, true);
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.closed.get());
      assertTrue(
          raw.received.length() > 0 && raw.received.getByte(0) == FrameType.WELCOME,
          "the idle peer was welcomed first");
      await().atMost(Duration.ofSeconds(5)).until(() -> relay.server.stats().onlinePeers() == 0);
    }
  }

  @Test
  void closesWithErrorFrameOnUnknownFrameType() {
    try (RelayHarness relay = new RelayHarness()) {
      RawControl raw = RawControl.open(relay, true);
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.received.length() > 0);
      int welcomeLength = raw.received.length();
      raw.socket.write(Buffer.buffer(new byte[] {0x55, 0, 0, 1, 2, 3, 4, 5}));
      await().atMost(Duration.ofSeconds(5)).until(() -> raw.closed.get());
      assertEquals(FrameType.ERROR, raw.received.getByte(welcomeLength) & 0xFF);
      assertEquals(1, relay.server.stats().refusals(Refusal.BAD_FRAME));
    }
  }

  @Test
  void refusesTlsClientWithoutCertificate() {
    try (RelayHarness relay = new RelayHarness()) {
      AtomicBoolean refused = new AtomicBoolean();
      RawControl raw = RawControl.open(relay, false);
      if (raw == null) {
        refused.set(true); // the handshake itself failed on our side: also a refusal
      } else {
        await().atMost(Duration.ofSeconds(5)).until(() -> raw.closed.get());
        assertEquals(0, raw.received.length(), "nothing may be sent to an anonymous client");
        refused.set(true);
      }
      assertTrue(refused.get());
      assertEquals(0, relay.server.stats().onlinePeers());
    }
  }

  /** A TLS control connection that sends nothing by itself, to see what the relay does. */
  private static final class RawControl {
    final NetSocket socket;
    final Buffer received = Buffer.buffer();
    final AtomicBoolean closed = new AtomicBoolean();

    private RawControl(NetSocket socket) {
      this.socket = socket;
    }

    static RawControl open(RelayHarness relay, boolean withCertificate) {
      NetClientOptions options =
          new NetClientOptions()
              .setSsl(true)
              .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
              .setTrustOptions(TrustOptions.wrap(PeerTrust.anyPeer()))
              .setHostnameVerificationAlgorithm("");
      if (withCertificate) {
        options.setKeyCertOptions(KeyCertOptions.wrap(Identity.generate().keyManager()));
      }
      CompletableFuture<RawControl> opened = new CompletableFuture<>();
      relay
          .vertx
          .createNetClient(options)
          .connect(relay.server.controlPort(), HOST)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  opened.complete(null);
                  return;
                }
                RawControl raw = new RawControl(ar.result());
                synchronized (raw.received) {
                  ar.result()
                      .handler(
                          b -> {
                            synchronized (raw.received) {
                              raw.received.appendBuffer(b);
                            }
                          });
                }
                ar.result().closeHandler(v -> raw.closed.set(true));
                opened.complete(raw);
              });
      return opened.join();
    }
  }
}
