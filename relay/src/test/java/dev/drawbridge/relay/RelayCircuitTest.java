package dev.drawbridge.relay;

import static dev.drawbridge.relay.RelayHarness.HOST;
import static dev.drawbridge.relay.RelayHarness.readHead;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.relay.client.CircuitJoin;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import dev.drawbridge.relay.protocol.Tokens;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayCircuitTest {

  private static final int MIB = 1 << 20;

  @Test
  void splicesCircuitBothWaysWithBackPressureAndCountsBytes() throws Exception {
    try (RelayHarness relay = new RelayHarness()) {
      // Peer A: its "mesh port" is an echo server; every INCOMING is joined and piped there.
      NetServer echo =
          RelayHarness.await(
              relay
                  .vertx
                  .createNetServer(new NetServerOptions().setHost(HOST))
                  .connectHandler(s -> s.pipeTo(s))
                  .listen(0));
      Identity a = Identity.generate();
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
                              .connect(echo.actualPort(), HOST)
                              .onSuccess(
                                  local -> {
                                    joined.pipeTo(local);
                                    local.pipeTo(joined);
                                  }));
            }
          });

      int size = 8 * MIB;
      byte[] data = new byte[size];
      new Random(7).nextBytes(data);
      try (Socket b = relay.circuitSocket()) {
        OutputStream out = b.getOutputStream();
        out.write(relay.connect(a.peerId()));
        String head = readHead(b.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        // Write everything while reading the echo: neither side may need the whole thing buffered.
        CompletableFuture<Void> writer =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    for (int i = 0; i < size; i += 64 * 1024) {
                      out.write(data, i, Math.min(64 * 1024, size - i));
                    }
                    out.flush();
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                });
        byte[] echoed = new byte[size];
        new DataInputStream(b.getInputStream()).readFully(echoed);
        writer.join();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(data), sha.digest(echoed));
        RelayStats stats = relay.server.stats();
        assertEquals(1, stats.openCircuits());
        assertEquals(size, stats.bytesToTarget());
        assertEquals(size, stats.bytesFromTarget());
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> relay.server.stats().openCircuits() == 0);
      assertEquals(2L * size, relay.server.stats().totalCircuitBytes());
    }
  }

  @Test
  void refusesCircuitTokenForOfflinePeerAndKeylessConnectWith407() throws Exception {
    try (RelayHarness relay = new RelayHarness();
        Socket b = relay.circuitSocket()) {
      Throwable refused =
          assertThrows(AssertionError.class, () -> relay.connect(Identity.generate().peerId()))
              .getCause();
      assertTrue(String.valueOf(refused).contains("offline"), String.valueOf(refused));
      b.getOutputStream()
          .write(
              CircuitPreamble.connectRequest(Identity.generate().peerId(), 7778)
                  .getBytes(StandardCharsets.US_ASCII));
      String head = readHead(b.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 407 "), head);
      assertTrue(head.contains("Proxy-Authenticate: Basic"), head);
      assertEquals(1, relay.server.stats().refusals(Refusal.NO_CIRCUIT_TOKEN));
      assertEquals(0, relay.server.stats().refusals(Refusal.PEER_OFFLINE));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "CONNECT example.com:443 HTTP/1.1\r\n\r\n",
        "CONNECT AAAAAAA.drawbridge:7778 HTTP/1.1\r\n\r\n",
        "CONNECT %s.drawbridge HTTP/1.1\r\n\r\n",
        "CONNECT %s.drawbridge:99999 HTTP/1.1\r\n\r\n",
        "CONNECT %s.drawbridge:7778 SPDY/9\r\n\r\n",
        "CONNECT %s.drawbridge:7778 HTTP/1.1\r\nX-Pad: %s\r\n\r\n",
      })
  void refusesMalformedConnectWith400(String template) throws Exception {
    String request =
        String.format(template, Identity.generate().peerId().value(), "p".repeat(9000));
    try (RelayHarness relay = new RelayHarness();
        Socket b = relay.circuitSocket()) {
      b.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String head = readHead(b.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 400 "), head);
    }
  }

  @Test
  void refusesJoinWithUnknownToken() throws Exception {
    try (RelayHarness relay = new RelayHarness();
        Socket joiner = relay.circuitSocket()) {
      joiner.getOutputStream().write(CircuitPreamble.join(Tokens.random()));
      InputStream in = joiner.getInputStream();
      assertEquals(CircuitPreamble.JOIN_REFUSED, in.read());
      assertEquals(-1, in.read());
      assertEquals(1, relay.server.stats().refusals(Refusal.UNKNOWN_TOKEN));
    }
  }

  @Test
  void refusesCircuitsBeyondPerTargetLimitWith429() throws Exception {
    RelayConfig config =
        RelayConfig.loopback().withCircuitLimits(2, 32, 512, 64L << 30, Duration.ofHours(6));
    try (RelayHarness relay = new RelayHarness(config)) {
      Identity a = Identity.generate();
      relay.client(a, new RelayClient.Listener() {}); // never joins: circuits stay pending
      try (Socket first = relay.circuitSocket();
          Socket second = relay.circuitSocket();
          Socket third = relay.circuitSocket()) {
        // Tokens are single-use: one per CONNECT.
        first.getOutputStream().write(relay.connect(a.peerId()));
        second.getOutputStream().write(relay.connect(a.peerId()));
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> relay.server.stats().pendingCircuits() == 2);
        third.getOutputStream().write(relay.connect(a.peerId()));
        assertTrue(readHead(third.getInputStream()).startsWith("HTTP/1.1 429 "));
        assertEquals(1, relay.server.stats().refusals(Refusal.CIRCUITS_PER_TARGET));
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> relay.server.stats().pendingCircuits() == 0);
    }
  }

  @Test
  void answers504WhenTargetDoesNotJoinInTime() throws Exception {
    RelayConfig config =
        RelayConfig.loopback()
            .withTimeouts(
                Duration.ofSeconds(30),
                Duration.ofSeconds(90),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMillis(300));
    try (RelayHarness relay = new RelayHarness(config)) {
      Identity a = Identity.generate();
      CompletableFuture<byte[]> announced = new CompletableFuture<>();
      relay.client(
          a,
          new RelayClient.Listener() {
            @Override
            public void onIncoming(byte[] token) {
              announced.complete(token); // ...and never join
            }
          });
      try (Socket b = relay.circuitSocket()) {
        b.getOutputStream().write(relay.connect(a.peerId()));
        assertTrue(readHead(b.getInputStream()).startsWith("HTTP/1.1 504 "));
      }
      // A late join for the expired token is refused.
      try (Socket late = relay.circuitSocket()) {
        late.getOutputStream().write(CircuitPreamble.join(announced.join()));
        assertEquals(CircuitPreamble.JOIN_REFUSED, late.getInputStream().read());
      }
      assertEquals(0, relay.server.stats().pendingCircuits());
    }
  }
}
