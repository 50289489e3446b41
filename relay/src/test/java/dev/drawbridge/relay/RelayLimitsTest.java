package dev.drawbridge.relay;

import static dev.drawbridge.relay.RelayHarness.HOST;
import static dev.drawbridge.relay.RelayHarness.readHead;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.relay.client.CircuitJoin;
import dev.drawbridge.relay.client.RelayClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayLimitsTest {

  @Test
  void closesConnectionsBeyondPerIpRateAndBurst() throws Exception {
    RelayConfig config = RelayConfig.loopback().withConnectionLimits(1, 2, 4096);
    try (RelayHarness relay = new RelayHarness(config);
        Socket first = relay.circuitSocket();
        Socket second = relay.circuitSocket();
        Socket third = relay.circuitSocket()) {
      assertEquals(
          -1, readOrEof(third.getInputStream()), "the third connection in a burst of 2 is closed");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> relay.server.stats().refusals(Refusal.CONNECTION_RATE) == 1);
      assertEquals(2, relay.server.stats().openConnections());
    }
  }

  @Test
  void closesSilentCircuitConnectionAfterPreambleTimeout() throws Exception {
    RelayConfig config =
        RelayConfig.loopback()
            .withTimeouts(
                Duration.ofSeconds(30),
                Duration.ofSeconds(90),
                Duration.ofSeconds(10),
                Duration.ofMillis(300),
                Duration.ofSeconds(10));
    try (RelayHarness relay = new RelayHarness(config);
        Socket silent = relay.circuitSocket()) {
      silent.getOutputStream().write("CONN".getBytes(StandardCharsets.US_ASCII));
      assertEquals(-1, readOrEof(silent.getInputStream()));
      assertEquals(1, relay.server.stats().refusals(Refusal.PREAMBLE_TIMEOUT));
    }
  }

  @Test
  void cutsCircuitThatExceedsItsByteAllowance() throws Exception {
    RelayConfig config =
        RelayConfig.loopback().withCircuitLimits(16, 32, 512, 100_000, Duration.ofHours(6));
    try (RelayHarness relay = new RelayHarness(config)) {
      Identity a = Identity.generate();
      relay.client(
          a,
          new RelayClient.Listener() {
            @Override
            public void onIncoming(byte[] token) {
              // A sink: joins and discards, so only the byte cap can end the circuit.
              CircuitJoin.join(relay.vertx, HOST, relay.server.circuitPort(), token)
                  .onSuccess(joined -> joined.handler(data -> {}).resume());
            }
          });
      try (Socket b = relay.circuitSocket()) {
        OutputStream out = b.getOutputStream();
        out.write(relay.connect(a.peerId()));
        assertTrue(readHead(b.getInputStream()).startsWith("HTTP/1.1 200 "));
        try {
          for (int i = 0; i < 100; i++) {
            out.write(new byte[8192]);
          }
        } catch (SocketException closedByRelay) {
          // expected once the relay has cut the circuit
        }
        assertEquals(-1, readOrEof(b.getInputStream()));
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> relay.server.stats().refusals(Refusal.CIRCUIT_BYTES) == 1);
      assertEquals(0, relay.server.stats().openCircuits());
    }
  }

  private static int readOrEof(InputStream in) throws Exception {
    try {
      return in.read();
    } catch (SocketException reset) {
      return -1; // a reset is as good as a close here
    }
  }
}
