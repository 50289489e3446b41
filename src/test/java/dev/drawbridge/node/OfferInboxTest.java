package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.offer.AutoAccept;
import dev.drawbridge.offer.FileState;
import dev.drawbridge.offer.InboxRules;
import dev.drawbridge.offer.Offer;
import dev.drawbridge.offer.OfferState;
import dev.drawbridge.offer.SentOffer;
import dev.drawbridge.peerapi.PeerApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push offers between real peers on the loopback mesh: who may offer, what the receiver's answers
 * look like to the sender, expiry, limits and auto-accept (the metadata flow; bytes:
 * OfferFilesTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfferInboxTest {
  @TempDir Path tmp;
  OfferPeers peers;
  Path outgoing;
  Path destination;

  @BeforeAll
  void startPeers() {
    peers = new OfferPeers();
  }

  @AfterAll
  void stopPeers() {
    peers.close();
  }

  @BeforeEach
  void files() throws Exception {
    outgoing = Files.createDirectories(tmp.resolve("out-" + System.nanoTime()));
    destination = tmp.resolve("in-" + System.nanoTime());
    for (String name : List.of("a.txt", "b.txt", "c.txt")) {
      Files.writeString(outgoing.resolve(name), "contents of " + name);
    }
  }

  /** Each test starts with an empty inbox and the default settings. */
  @AfterEach
  void clear() {
    peers.bob.inbox().all().forEach(o -> peers.bob.inbox().dismiss(o.id()));
    peers.bobSettings.write(InboxRules.EXPIRY_SETTING, "86400");
    peers.bobSettings.write(AutoAccept.SETTING, AutoAccept.NONE.toJson());
    peers.bobSettings.write(InboxRules.ACCEPTING_SETTING, "true");
  }

  @Test
  void anOwnerWhoTakesNoOffersRefusesThemWithNotAccepting() {
    peers.bobSettings.write(InboxRules.ACCEPTING_SETTING, "false");
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> post(peers.alice, offerBody("no", 1)).get(15, TimeUnit.SECONDS));
    assertEquals(403, ((PeerApiException) e.getCause()).status());
    assertEquals("not_accepting", ((PeerApiException) e.getCause()).code());
    assertTrue(peers.bob.inbox().all().isEmpty());
  }

  @Test
  void anOfferWaitsInTheInboxAndWritesNothingUntilAccepted() throws Exception {
    SentOffer sent = send("for you");
    Offer received = arrivedAtBob();
    assertEquals("for you", received.note());
    assertEquals(3, received.files().size());
    assertEquals(peers.aliceId.peerId().value(), received.sender());
    assertEquals(OfferState.PENDING, received.state());
    assertFalse(Files.exists(destination), "nothing may be written before acceptance");
    assertEquals(OfferState.PENDING, peers.alice.outbox().find(sent.id()).get().state());
  }

  @Test
  void theSenderSeesARejectedFileAsRejectedAndTheRestAsAccepted() throws Exception {
    SentOffer sent = send("");
    Offer received = arrivedAtBob();
    peers.bob.inbox().reject(received.id(), Set.of(1));
    peers.bob.inbox().accept(received.id(), null, destination);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> state(sent, 1) == FileState.REJECTED && state(sent, 0) != FileState.PENDING);
    assertEquals(OfferState.ACCEPTED, peers.bob.inbox().find(received.id()).get().state());
    assertEquals(destination.toString(), peers.bob.inbox().find(received.id()).get().destination());
  }

  @Test
  void rejectingEveryFileRejectsTheOfferForTheSender() throws Exception {
    SentOffer sent = send("");
    peers.bob.inbox().reject(arrivedAtBob().id(), null);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> peers.alice.outbox().find(sent.id()).get().finished());
    assertEquals(OfferState.REJECTED, peers.alice.outbox().find(sent.id()).get().state());
  }

  @Test
  void anUnansweredOfferExpiresAndTheSenderSeesItsFilesRejected() throws Exception {
    peers.bobSettings.write(InboxRules.EXPIRY_SETTING, "1");
    SentOffer sent = send("");
    Offer received = arrivedAtBob();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> peers.bob.inbox().find(received.id()).get().state() == OfferState.EXPIRED);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> peers.alice.outbox().find(sent.id()).get().finished());
    assertTrue(
        peers.alice.outbox().find(sent.id()).get().files().stream()
            .allMatch(f -> f.state() == FileState.REJECTED));
    assertFalse(Files.exists(destination));
  }

  @Test
  void aStrangersOfferGetsTheFixedNotFound() {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> post(peers.carol, offerBody("x1", 1)).get(15, TimeUnit.SECONDS));
    PeerApiException refusal = (PeerApiException) e.getCause();
    assertEquals(404, refusal.status());
    assertEquals("not_found", refusal.code());
    assertTrue(peers.bob.inbox().all().isEmpty());
  }

  @Test
  void aContactMayHaveAtMostTwentyOffersWaiting() throws Exception {
    for (int i = 0; i < InboxRules.PER_PEER; i++) {
      post(peers.alice, offerBody("o" + i, 1)).get(15, TimeUnit.SECONDS);
    }
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> post(peers.alice, offerBody("one-more", 1)).get(15, TimeUnit.SECONDS));
    assertEquals(429, ((PeerApiException) e.getCause()).status());
    assertEquals(InboxRules.PER_PEER, peers.bob.inbox().all().size());
  }

  @Test
  void hostileOrDuplicatePathsAreRefusedBeforeAnythingIsKept() {
    for (String path : List.of("../up.txt", "a/../../b", ".drawbridge-uploads/x", "/abs", "")) {
      JsonObject body = offerBody("bad", 1);
      body.getJsonArray("files").getJsonObject(0).put("path", path);
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> post(peers.alice, body).get(15, TimeUnit.SECONDS),
              path);
      assertEquals(400, ((PeerApiException) e.getCause()).status(), path);
    }
    JsonObject twice = offerBody("twice", 2);
    twice.getJsonArray("files").getJsonObject(1).put("path", "f0.txt");
    assertThrows(
        ExecutionException.class, () -> post(peers.alice, twice).get(15, TimeUnit.SECONDS));
    assertTrue(peers.bob.inbox().all().isEmpty());
  }

  @Test
  void anOfferFromAnAutoAcceptedContactIsAcceptedIntoTheChosenFolder() throws Exception {
    peers.bobSettings.write(
        AutoAccept.SETTING,
        new AutoAccept(Set.of(peers.aliceId.peerId().value()), destination).toJson());
    SentOffer sent = send("");
    Offer received = arrivedAtBob();
    assertEquals(destination.toString(), received.destination());
    assertTrue(received.files().stream().allMatch(f -> f.state() != FileState.PENDING));
    await().atMost(Duration.ofSeconds(15)).until(() -> state(sent, 2) != FileState.PENDING);
  }

  private SentOffer send(String note) throws Exception {
    try (Stream<Path> files = Files.list(outgoing)) {
      return peers.alice.outbox().send(peers.bobPeer(), files.sorted().toList(), note);
    }
  }

  private Offer arrivedAtBob() {
    await().atMost(Duration.ofSeconds(15)).until(() -> !peers.bob.inbox().all().isEmpty());
    return peers.bob.inbox().all().get(0);
  }

  private FileState state(SentOffer sent, int n) {
    return peers.alice.outbox().find(sent.id()).get().files().get(n).state();
  }

  private static JsonObject offerBody(String id, int count) {
    JsonArray files = new JsonArray();
    for (int i = 0; i < count; i++) {
      files.add(new JsonObject().put("n", i).put("path", "f" + i + ".txt").put("size", 3));
    }
    return new JsonObject().put("id", id).put("files", files);
  }

  private java.util.concurrent.CompletableFuture<String> post(PeerNode from, JsonObject body) {
    return from.client()
        .exchange(
            peers.bobPeer(),
            HttpMethod.POST,
            "/peer/v1/offers",
            null,
            Buffer.buffer(body.encode()),
            resp ->
                resp.body()
                    .compose(
                        b ->
                            resp.statusCode() == 201
                                ? io.vertx.core.Future.succeededFuture(b.toString())
                                : io.vertx.core.Future.failedFuture(
                                    new PeerApiException(
                                        resp.statusCode(),
                                        new JsonObject(b.toString()).getString("error"),
                                        b.toString()))))
        .toCompletionStage()
        .toCompletableFuture();
  }
}
