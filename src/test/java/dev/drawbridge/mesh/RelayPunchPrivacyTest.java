package dev.drawbridge.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.mesh.RefusalSummary.Reason;
import dev.drawbridge.relay.RelayConfig;
import dev.drawbridge.relay.RelayServer;
import dev.drawbridge.relay.client.Punch;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.protocol.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 3 at the peer: even through a relay that forwards every offer (a v1 relay, or one
 * that ignores our visibility list), a stranger's punch offer is refused without a rendezvous, so
 * it never learns our address, takes no punch slot and costs no log line each.
 */
class RelayPunchPrivacyTest {
  private static final String HOST = "127.0.0.1";

  private Vertx vertx;
  private RelayServer relay;
  private Relays relays;
  private final Identity target = Identity.generate();
  private final Identity friend = Identity.generate();

  private static <T> T done(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    relay = done(new RelayServer(vertx, Identity.generate(), RelayConfig.loopback()).start());
    NetServer mesh =
        done(
            vertx
                .createNetServer(new NetServerOptions().setHost(HOST))
                .connectHandler(s -> s.pipeTo(s))
                .listen(0));
    relays = new Relays(vertx, target, mesh::actualPort, () -> Set.of(friend.peerId()));
    PeerAddress address = new PeerAddress(HOST, relay.controlPort());
    relays.configure(List.of(address));
    await().atMost(Duration.ofSeconds(10)).until(() -> relays.session(address).isConnected());
    // Play a relay that forwards offers from anyone: the target itself must refuse strangers.
    RelayClient control = relays.session(address).client();
    control.setVisibility(null);
    done(control.query(target.peerId())); // barrier: the relay has read it
  }

  @AfterEach
  void stop() throws Exception {
    relays.close();
    done(relay.stop());
    done(vertx.close());
  }

  private RelayClient client(Identity id) throws Exception {
    RelayClient c =
        new RelayClient(vertx, id, HOST, relay.controlPort(), new RelayClient.Listener() {});
    done(c.connect());
    return c;
  }

  @Test
  void strangersPunchOfferIsRefusedAndCarriesNoAddress() throws Exception {
    RelayClient stranger = client(Identity.generate());
    byte[] token = Tokens.random();
    done(stranger.requestPunch(target.peerId(), token)); // forwarded by the relay
    RefusalSummary refusals = relays.services().refusals();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> refusals.count(Reason.PUNCH_FROM_STRANGER) == 1);
    // The target never meets the stranger at the rendezvous: no address comes back.
    assertThrows(
        IOException.class,
        () -> Punch.rendezvous(HOST, relay.circuitPort(), token, Duration.ofMillis(1500)));
  }

  @Test
  void throwawayKeysCannotFillPunchSlotsAndCostOneLogLine() throws Exception {
    RefusalSummary refusals = relays.services().refusals();
    int offers = 0;
    for (int k = 0; k < 3; k++) {
      RelayClient throwaway = client(Identity.generate());
      for (int i = 0; i < RelayServices.MAX_PUNCHES; i++) {
        done(throwaway.requestPunch(target.peerId(), Tokens.random()));
        offers++;
      }
    }
    int sent = offers;
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> refusals.count(Reason.PUNCH_FROM_STRANGER) == sent);
    assertEquals(1, refusals.linesLogged(Reason.PUNCH_FROM_STRANGER), "one summary line");

    // A contact still gets a punch at once: the target meets it and both connect.
    RelayClient contact = client(friend);
    byte[] token = Tokens.random();
    done(contact.requestPunch(target.peerId(), token));
    Punch.Plan plan = Punch.rendezvous(HOST, relay.circuitPort(), token, Duration.ofSeconds(5));
    assertEquals(HOST, plan.other().getAddress().getHostAddress());
    try (Socket direct = Punch.connect(plan, Duration.ofSeconds(5))) {
      assertTrue(direct.isConnected());
    }
  }
}
