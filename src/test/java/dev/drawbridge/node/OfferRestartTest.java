package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drawbridge.offer.FileState;
import dev.drawbridge.offer.Offer;
import dev.drawbridge.offer.OfferStore;
import dev.drawbridge.offer.SentOffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sender that restarts while its offer waits picks it up again and sends what is accepted. */
class OfferRestartTest {
  @TempDir Path tmp;
  OfferPeers peers;

  @BeforeEach
  void start() {
    peers = new OfferPeers();
  }

  @AfterEach
  void stop() {
    peers.close();
  }

  @Test
  void aSenderRestartedWhileItsOfferWaitsSendsTheAcceptedFilesAfterwards() throws Exception {
    OfferStore kept = OfferStore.inMemory(); // what the sender's database keeps across restarts
    PeerNode alice = peers.restartAlice(kept);
    byte[] bytes = new byte[300_000];
    new Random(5).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("film.bin"), bytes);
    SentOffer sent = alice.outbox().send(peers.bobPeer(), List.of(file), "");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> alice.outbox().find(sent.id()).get().remoteId() != null);
    String remote = alice.outbox().find(sent.id()).get().remoteId();

    PeerNode again = peers.restartAlice(kept);
    Path destination = tmp.resolve("in");
    Offer offer = peers.bob.inbox().find(remote).orElseThrow();
    peers.bob.inbox().accept(offer.id(), null, destination);

    await()
        .atMost(Duration.ofSeconds(25))
        .until(() -> again.outbox().find(sent.id()).map(SentOffer::finished).orElse(false));
    assertEquals(FileState.COMPLETED, again.outbox().find(sent.id()).get().files().get(0).state());
    assertArrayEquals(bytes, Files.readAllBytes(destination.resolve("film.bin")));
  }
}
