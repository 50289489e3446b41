package dev.drawbridge.relay;

import static dev.drawbridge.relay.RelayHarness.HOST;
import static dev.drawbridge.relay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.Punch;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.protocol.Tokens;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PunchTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private record Offer(PeerId from, byte[] token) {}

  @Test
  void rendezvousTellsEachSideTheOtherAndSimultaneousOpenConnectsThem() throws Exception {
    try (RelayHarness relay = new RelayHarness()) {
      Identity a = Identity.generate();
      Identity b = Identity.generate();
      CompletableFuture<Offer> offered = new CompletableFuture<>();
      RelayClient clientA = relay.client(a, new RelayClient.Listener() {});
      relay.client(
          b,
          new RelayClient.Listener() {
            @Override
            public void onPunchOffer(PeerId from, byte[] token) {
              offered.complete(new Offer(from, token));
            }
          });
      byte[] token = Tokens.random();
      await(clientA.requestPunch(b.peerId(), token));
      Offer offer = offered.get(5, TimeUnit.SECONDS);
      assertEquals(a.peerId(), offer.from());
      assertArrayEquals(token, offer.token());

      int port = relay.server.circuitPort();
      CompletableFuture<Punch.Plan> planA =
          CompletableFuture.supplyAsync(() -> rendezvous(port, token));
      CompletableFuture<Punch.Plan> planB =
          CompletableFuture.supplyAsync(() -> rendezvous(port, offer.token()));
      Punch.Plan pa = planA.get(10, TimeUnit.SECONDS);
      Punch.Plan pb = planB.get(10, TimeUnit.SECONDS);
      assertEquals(pb.localPort(), pa.other().getPort());
      assertEquals(pa.localPort(), pb.other().getPort());
      assertEquals(HOST, pa.other().getAddress().getHostAddress());

      CompletableFuture<Socket> sideA = CompletableFuture.supplyAsync(() -> connect(pa));
      CompletableFuture<Socket> sideB = CompletableFuture.supplyAsync(() -> connect(pb));
      try (Socket sa = sideA.get(10, TimeUnit.SECONDS);
          Socket sb = sideB.get(10, TimeUnit.SECONDS)) {
        assertEquals(pa.localPort(), sa.getLocalPort());
        assertEquals(pb.localPort(), sb.getLocalPort());
        sa.getOutputStream().write("hello from A".getBytes(StandardCharsets.US_ASCII));
        sb.getOutputStream().write("hello from B".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hello from A", read(sb, 12));
        assertEquals("hello from B", read(sa, 12));
      }
    }
  }

  @Test
  void refusesRendezvousForTokenNoPunchRequestAnnounced() {
    try (RelayHarness relay = new RelayHarness()) {
      assertThrows(
          IOException.class,
          () -> Punch.rendezvous(HOST, relay.server.circuitPort(), Tokens.random(), TIMEOUT));
      assertEquals(1, relay.server.stats().refusals(Refusal.UNKNOWN_TOKEN));
    }
  }

  private static Punch.Plan rendezvous(int port, byte[] token) {
    try {
      return Punch.rendezvous(HOST, port, token, TIMEOUT);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static Socket connect(Punch.Plan plan) {
    try {
      return Punch.connect(plan, TIMEOUT);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static String read(Socket socket, int n) throws IOException {
    socket.setSoTimeout(5_000);
    byte[] buf = new byte[n];
    new DataInputStream(socket.getInputStream()).readFully(buf);
    return new String(buf, StandardCharsets.US_ASCII);
  }
}
