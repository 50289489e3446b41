package dev.drawbridge.relay;

import static dev.drawbridge.relay.RelayHarness.HOST;
import static dev.drawbridge.relay.RelayHarness.await;
import static dev.drawbridge.relay.RelayHarness.readHead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.CircuitJoin;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.client.RelayRefusedException;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import dev.drawbridge.relay.protocol.ErrorCode;
import dev.drawbridge.relay.protocol.Tokens;
import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, items 2 and 3 at the relay: a client without a key, or with a throwaway key, can neither
 * take a peer's circuit slots nor learn that the peer is online.
 */
class RelayStrangerTest {

  /** Everything runs from 127.0.0.1, so the per-IP connection rate must not decide these tests. */
  private static RelayConfig loopbackWithoutIpRateLimit() {
    return RelayConfig.loopback().withConnectionLimits(10_000, 10_000, 4096);
  }

  /** Target peer A: joins every circuit and pipes it to an echo server, holding it open. */
  private static RelayClient echoTarget(RelayHarness relay, Identity a) {
    NetServer echo =
        await(
            relay
                .vertx
                .createNetServer(new NetServerOptions().setHost(HOST))
                .connectHandler(s -> s.pipeTo(s))
                .listen(0));
    return relay.client(
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
  }

  private static String connectWith(RelayHarness relay, byte[] request) throws IOException {
    try (Socket s = relay.circuitSocket()) {
      s.getOutputStream().write(request);
      return readHead(s.getInputStream());
    }
  }

  @Test
  void keylessOrForgedConnectToAnOnlinePeerIsRefusedWith407() throws Exception {
    try (RelayHarness relay = new RelayHarness()) {
      Identity a = Identity.generate();
      echoTarget(relay, a);
      byte[] keyless =
          CircuitPreamble.connectRequest(a.peerId(), 7778).getBytes(StandardCharsets.US_ASCII);
      byte[] forged =
          CircuitPreamble.connectRequest(a.peerId(), 7778, Tokens.random())
              .getBytes(StandardCharsets.US_ASCII);
      // A real token, but issued for another target: tokens are bound to their target.
      Identity other = Identity.generate();
      relay.client(other, new RelayClient.Listener() {});
      byte[] otherToken = await(relay.source().circuitToken(other.peerId()));
      byte[] misdirected =
          CircuitPreamble.connectRequest(a.peerId(), 7778, otherToken)
              .getBytes(StandardCharsets.US_ASCII);
      for (byte[] request : List.of(keyless, forged, misdirected)) {
        String head = connectWith(relay, request);
        assertTrue(head.startsWith("HTTP/1.1 407 "), head);
      }
      assertEquals(3, relay.server.stats().refusals(Refusal.NO_CIRCUIT_TOKEN));
      assertEquals(0, relay.server.stats().openCircuits());
      // A token is single-use: the legitimate CONNECT works once, its replay is refused.
      byte[] once = relay.connect(a.peerId());
      try (Socket s = relay.circuitSocket()) {
        s.getOutputStream().write(once);
        assertTrue(readHead(s.getInputStream()).startsWith("HTTP/1.1 200 "));
      }
      assertTrue(connectWith(relay, once).startsWith("HTTP/1.1 407 "));
    }
  }

  @Test
  void oneSourceReopeningCircuitsCannotTakeAnotherSourcesSlots() throws Exception {
    try (RelayHarness relay = new RelayHarness(loopbackWithoutIpRateLimit())) {
      Identity a = Identity.generate();
      echoTarget(relay, a);
      RelayClient mallory = relay.client(Identity.generate(), new RelayClient.Listener() {});
      RelayClient legit = relay.client(Identity.generate(), new RelayClient.Listener() {});

      // Mallory re-opens circuits as fast as she can for 4 s (keyless ones and with her own
      // tokens), holding every one she gets, up to 16 = the per-target limit.
      AtomicInteger malloryHeldMax = new AtomicInteger();
      AtomicInteger connections = new AtomicInteger();
      long floodEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      CompletableFuture<Void> flood =
          CompletableFuture.runAsync(
              () -> {
                List<Socket> held = new ArrayList<>();
                try {
                  while (System.nanoTime() < floodEnd && connections.get() < 300) {
                    held.removeIf(Socket::isClosed);
                    if (held.size() >= 16) {
                      held.remove(0).close(); // re-open as they close
                    }
                    connections.incrementAndGet();
                    Socket s = relay.circuitSocket();
                    byte[] request;
                    try {
                      request =
                          connections.get() % 2 == 0
                              ? CircuitPreamble.connectRequest(a.peerId(), 7778)
                                  .getBytes(StandardCharsets.US_ASCII)
                              : RelayHarness.connect(mallory, a.peerId());
                    } catch (AssertionError refusedToken) {
                      s.close();
                      continue;
                    }
                    s.getOutputStream().write(request);
                    if (readHead(s.getInputStream()).startsWith("HTTP/1.1 200 ")) {
                      held.add(s);
                      malloryHeldMax.accumulateAndGet(held.size(), Math::max);
                    } else {
                      s.close();
                    }
                  }
                  for (Socket s : held) {
                    s.close();
                  }
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });

      // Meanwhile the legitimate peer keeps opening (and closing) circuits: each one must work.
      int served = 0;
      List<String> refused = new ArrayList<>();
      while (!flood.isDone()) {
        TimeUnit.MILLISECONDS.sleep(100); // pacing a real peer's dialing, not synchronization
        String head = connectWith(relay, RelayHarness.connect(legit, a.peerId()));
        if (head.startsWith("HTTP/1.1 200 ")) {
          served++;
        } else {
          refused.add(head.lines().findFirst().orElse(""));
        }
      }
      flood.get(10, TimeUnit.SECONDS);
      assertTrue(refused.isEmpty(), "legitimate circuits refused during the flood: " + refused);
      assertTrue(served >= 5, "legitimate circuits served during the flood: " + served);
      assertTrue(
          malloryHeldMax.get() <= relay.server.config().circuitsPerSourcePeer(),
          "one source held " + malloryHeldMax.get() + " circuits to one target");
      assertTrue(relay.server.stats().refusals(Refusal.CIRCUITS_PER_SOURCE_PEER) > 0);
      // Every refusal is counted, but each (IP, reason) writes one line a minute at most.
      long refusals =
          relay.server.stats().refusals().values().stream().mapToLong(Long::longValue).sum();
      assertTrue(refusals >= 50, "refusals during the flood: " + refusals);
      assertTrue(
          relay.server.refusalLinesLogged() <= Refusal.values().length,
          relay.server.refusalLinesLogged() + " log lines for " + refusals + " refusals");
    }
  }

  @Test
  void strangerLearnsNothingFromQueryPunchOrCircuitRequests() throws Exception {
    try (RelayHarness relay = new RelayHarness()) {
      Identity a = Identity.generate();
      Identity friend = Identity.generate();
      AtomicInteger offers = new AtomicInteger();
      RelayClient target =
          new RelayClient(
              relay.vertx,
              a,
              HOST,
              relay.server.controlPort(),
              new RelayClient.Listener() {
                @Override
                public void onPunchOffer(PeerId from, byte[] token) {
                  offers.incrementAndGet();
                }
              });
      target.setVisibility(Set.of(friend.peerId()));
      await(target.connect());
      await(target.query(a.peerId())); // a barrier: the relay has read the VISIBILITY

      RelayClient stranger = relay.client(Identity.generate(), new RelayClient.Listener() {});
      RelayClient friendClient = relay.client(friend, new RelayClient.Listener() {});
      PeerId absent = Identity.generate().peerId();

      assertTrue(await(friendClient.query(a.peerId())), "a friend sees the peer online");
      assertFalse(await(stranger.query(a.peerId())), "a stranger sees it offline");
      assertFalse(await(stranger.query(absent)));

      // Punch and circuit requests get the very refusal an absent peer gets.
      assertEquals(offline(stranger.requestPunch(absent, Tokens.random())), ErrorCode.OFFLINE);
      assertEquals(offline(stranger.requestPunch(a.peerId(), Tokens.random())), ErrorCode.OFFLINE);
      assertEquals(offline(stranger.circuitToken(absent)), ErrorCode.OFFLINE);
      assertEquals(offline(stranger.circuitToken(a.peerId())), ErrorCode.OFFLINE);
      assertEquals(0, offers.get(), "no stranger's punch offer reached the peer");

      // The friend's punch does reach it, and the friend gets a circuit token.
      await(friendClient.requestPunch(a.peerId(), Tokens.random()));
      await(friendClient.circuitToken(a.peerId()));
      org.awaitility.Awaitility.await().until(() -> offers.get() == 1);
    }
  }

  private static int offline(Future<?> request) {
    try {
      request.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return -1;
    } catch (Exception e) {
      Throwable cause = e.getCause();
      return cause instanceof RelayRefusedException r ? r.code() : -2;
    }
  }
}
