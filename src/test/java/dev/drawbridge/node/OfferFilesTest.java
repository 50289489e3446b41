package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.offer.AutoAccept;
import dev.drawbridge.offer.FileState;
import dev.drawbridge.offer.Offer;
import dev.drawbridge.offer.OfferState;
import dev.drawbridge.offer.SentOffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offered files travel with the upload mechanism between real peers: accepted files arrive
 * byte-identical in the chosen folder (a 9 MiB one as a resumable upload), declined ones never do,
 * a name already there becomes "name (1).ext", and an auto-accepted contact's files just arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfferFilesTest {
  @TempDir Path tmp;
  OfferPeers peers;

  @BeforeAll
  void start() {
    peers = new OfferPeers();
  }

  @AfterAll
  void stop() {
    peers.close();
  }

  @Test
  void acceptedFilesArriveByteIdenticalInTheDestination() throws Exception {
    Path out = folder("all");
    byte[] big = random(9 << 20, 1); // above the single-PUT size: create + PATCH parts
    Files.write(out.resolve("big.bin"), big);
    Files.createDirectories(out.resolve("sub"));
    Files.writeString(out.resolve("sub/note.txt"), "nested");
    Files.write(out.resolve("empty.txt"), new byte[0]);
    Path destination = tmp.resolve("all-in");

    SentOffer sent = peers.alice.outbox().send(peers.bobPeer(), List.of(out), "");
    Offer offer = arrived(sent);
    assertFalse(Files.exists(destination), "nothing is written before acceptance");
    peers.bob.inbox().accept(offer.id(), null, destination);

    awaitSettled(sent);
    assertTrue(
        allIn(sent, FileState.COMPLETED), () -> peers.alice.outbox().find(sent.id()).toString());
    assertArrayEquals(big, Files.readAllBytes(destination.resolve("all/big.bin")));
    assertEquals("nested", Files.readString(destination.resolve("all/sub/note.txt")));
    assertEquals(0, Files.size(destination.resolve("all/empty.txt")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                peers.bob.inbox().find(offer.id()).get().files().stream()
                    .allMatch(f -> f.state() == FileState.COMPLETED));
    assertNoPartialsVisible(destination.resolve("all"));
  }

  @Test
  void aDeclinedFileNeverArrivesAndTheSenderSeesItRejected() throws Exception {
    Path out = folder("three");
    for (String n : List.of("a.txt", "b.txt", "c.txt")) {
      Files.writeString(out.resolve(n), "this is " + n);
    }
    Path destination = tmp.resolve("three-in");
    SentOffer sent = peers.alice.outbox().send(peers.bobPeer(), files(out), "");
    Offer offer = arrived(sent);
    peers.bob.inbox().reject(offer.id(), Set.of(1));
    peers.bob.inbox().accept(offer.id(), null, destination);

    awaitSettled(sent);
    SentOffer seen = peers.alice.outbox().find(sent.id()).get();
    assertEquals(FileState.COMPLETED, seen.files().get(0).state());
    assertEquals(FileState.REJECTED, seen.files().get(1).state());
    assertEquals(FileState.COMPLETED, seen.files().get(2).state());
    assertEquals("this is a.txt", Files.readString(destination.resolve("a.txt")));
    assertEquals("this is c.txt", Files.readString(destination.resolve("c.txt")));
    assertFalse(Files.exists(destination.resolve("b.txt")));
    assertEquals(OfferState.ACCEPTED, peers.bob.inbox().find(offer.id()).get().state());
  }

  @Test
  void aNameAlreadyInTheDestinationGetsANumberAndNothingIsOverwritten() throws Exception {
    Path out = folder("clash");
    Files.writeString(out.resolve("report.pdf"), "the new one");
    Path destination = Files.createDirectories(tmp.resolve("clash-in"));
    Files.writeString(destination.resolve("report.pdf"), "the old one");

    SentOffer sent = peers.alice.outbox().send(peers.bobPeer(), files(out), "");
    Offer offer = arrived(sent);
    peers.bob.inbox().accept(offer.id(), null, destination);

    awaitSettled(sent);
    assertEquals("the old one", Files.readString(destination.resolve("report.pdf")));
    assertEquals("the new one", Files.readString(destination.resolve("report (1).pdf")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "report (1).pdf"
                    .equals(peers.bob.inbox().find(offer.id()).get().files().get(0).placedAs()));
  }

  @Test
  void anAutoAcceptedContactsFilesArriveWithoutAnAnswer() throws Exception {
    Path out = folder("auto");
    Files.writeString(out.resolve("photo.jpg"), "jpeg bytes");
    Path destination = tmp.resolve("auto-in");
    peers.bobSettings.write(
        AutoAccept.SETTING,
        new AutoAccept(Set.of(peers.aliceId.peerId().value()), destination).toJson());
    try {
      SentOffer sent = peers.alice.outbox().send(peers.bobPeer(), files(out), "");
      awaitSettled(sent);
      assertEquals("jpeg bytes", Files.readString(destination.resolve("photo.jpg")));
    } finally {
      peers.bobSettings.write(AutoAccept.SETTING, AutoAccept.NONE.toJson());
    }
  }

  private Path folder(String name) throws Exception {
    return Files.createDirectories(tmp.resolve("out").resolve(name));
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private Offer arrived(SentOffer sent) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> peers.alice.outbox().find(sent.id()).get().remoteId() != null);
    String id = peers.alice.outbox().find(sent.id()).get().remoteId();
    return peers.bob.inbox().find(id).orElseThrow();
  }

  private void awaitSettled(SentOffer sent) {
    await()
        .atMost(Duration.ofSeconds(25))
        .until(() -> peers.alice.outbox().find(sent.id()).get().finished());
  }

  private boolean allIn(SentOffer sent, FileState state) {
    return peers.alice.outbox().find(sent.id()).get().files().stream()
        .allMatch(f -> f.state() == state);
  }

  private static void assertNoPartialsVisible(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
