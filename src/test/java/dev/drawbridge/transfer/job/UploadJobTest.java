package dev.drawbridge.transfer.job;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.app.TransfersConfig;
import dev.drawbridge.node.HostPeer;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.share.Access;
import dev.drawbridge.upload.PeerLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upload jobs between two real peers: this app (the sender, with its SQLite job store) and a host
 * peer in the same JVM that grants it a share with READ_WRITE, over the real mesh on loopback.
 */
@QuarkusTest
@TestProfile(SlowTransfers.class)
class UploadJobTest {
  static final int BIG = 40_000_000;

  @Inject PeerNode node;
  @Inject JobStore store;
  @Inject Vertx vertx;
  @Inject TransfersConfig config;

  HostPeer host;
  Path inbox;
  Path local;

  /**
   * A host sharing "inbox" with us (READ_WRITE), known as a contact; {@code bytesPerSecond} 0 =
   * fast.
   */
  void host(long bytesPerSecond) throws Exception {
    Path base =
        Files.createDirectories(Path.of("target/test-uploads", UUID.randomUUID().toString()))
            .toAbsolutePath();
    inbox = Files.createDirectories(base.resolve("inbox"));
    local = Files.createDirectories(base.resolve("local"));
    host =
        new HostPeer(
            base.resolve("host-data"), Map.of(PeerLimits.RATE_SETTING, "" + bytesPerSecond));
    host.share("inbox", inbox, node.identity().peerId(), Access.READ_WRITE);
    given()
        .contentType(ContentType.JSON)
        .body(
            new JsonObject()
                .put("peerId", host.peerId().value())
                .put("address", "127.0.0.1:" + host.meshPort())
                .encode())
        .post("/api/v1/contacts")
        .then()
        .statusCode(201);
    // A cold JVM on a busy machine can miss the dialer's first probe: reached once, then go.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                node.client()
                        .hello(host.peerId())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                    != null);
  }

  @AfterEach
  void stopHost() {
    if (host != null) {
      host.close();
    }
  }

  Path write(String relative, int size, long seed) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    Path p = local.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.write(p, b);
  }

  String upload(String folder, Path source) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            new JsonObject()
                .put("direction", "upload")
                .put("peer", host.peerId().value())
                .put("share", "inbox")
                .put("folder", folder)
                .put("source", source.toString())
                .encode())
        .post("/api/v1/transfers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static JsonPath job(String id) {
    return given().get("/api/v1/transfers/" + id).then().statusCode(200).extract().jsonPath();
  }

  static void awaitState(String id, String state) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> job(id).getString("state"), s -> s.equals(state));
  }

  static void assertSame(Path expected, Path actual) throws Exception {
    assertTrue(Files.isRegularFile(actual), actual + " placed");
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual.toString());
  }

  /** Partial files the host keeps for open uploads (none may stay after a cancel). */
  List<Path> hostPartials() throws Exception {
    Path dir = inbox.resolve(".drawbridge-uploads");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void uploadsAFolderWithNestedFilesAndABigFileAndRenamesATakenName() throws Exception {
    host(0);
    Path a = write("album/a.txt", 5_000, 1);
    Path b = write("album/sub/b.bin", 300_000, 2);
    Path c = write("album/sub/deeper/c.txt", 10, 3);
    Path big = write("album/big.bin", BIG, 4);
    Files.createDirectories(local.resolve("album/empty"));
    Files.createDirectories(inbox.resolve("album"));
    Files.writeString(inbox.resolve("album/a.txt"), "the host's own a.txt");

    String id = upload("", local.resolve("album"));
    awaitState(id, "completed");

    assertEquals("the host's own a.txt", Files.readString(inbox.resolve("album/a.txt")));
    assertSame(a, inbox.resolve("album/a (1).txt"));
    assertSame(b, inbox.resolve("album/sub/b.bin"));
    assertSame(c, inbox.resolve("album/sub/deeper/c.txt"));
    assertSame(big, inbox.resolve("album/big.bin"));
    assertTrue(Files.isDirectory(inbox.resolve("album/empty")), "empty folder made");
    JsonPath j = job(id);
    assertEquals("upload", j.getString("direction"));
    assertEquals(4, j.getInt("filesDone"));
    assertEquals(List.of("completed"), j.getList("files.state").stream().distinct().toList());
    assertEquals(
        "album/a (1).txt", j.getString("files.find { it.path == 'album/a.txt' }.finalPath"));
    assertEquals(List.of(), hostPartials());
  }

  @Test
  void pauseStopsAtAPartBoundaryAndResumeFinishesTheFile() throws Exception {
    host(16_000_000);
    Path big = write("big.bin", BIG, 5);
    String id = upload("in", big);
    await().atMost(Duration.ofSeconds(30)).until(() -> job(id).getLong("bytes") > 0);
    given().post("/api/v1/transfers/" + id + "/pause").then().statusCode(204);
    awaitState(id, "paused");
    assertFalse(Files.exists(inbox.resolve("in/big.bin")), "nothing visible while paused");
    assertEquals(1, hostPartials().size(), "the host keeps the open upload");

    given().post("/api/v1/transfers/" + id + "/resume").then().statusCode(204);
    awaitState(id, "completed");
    assertSame(big, inbox.resolve("in/big.bin"));
    assertEquals(List.of(), hostPartials());
  }

  @Test
  void cancelLeavesNoPartialOnTheHost() throws Exception {
    host(16_000_000);
    Path big = write("big.bin", BIG, 6);
    String id = upload("", big);
    await().atMost(Duration.ofSeconds(30)).until(() -> job(id).getLong("bytes") > 0);
    given().post("/api/v1/transfers/" + id + "/cancel").then().statusCode(204);
    awaitState(id, "canceled");
    await().atMost(Duration.ofSeconds(30)).until(() -> hostPartials().isEmpty());
    assertFalse(Files.exists(inbox.resolve("big.bin")));
  }

  @Test
  void aRestartedSenderResumesFromTheHostsOffset() throws Exception {
    host(16_000_000);
    Path big = write("big.bin", BIG, 7);
    String id = upload("", big);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> job(id).getLong("bytes") > 0 && store.files(id).get(0).uploadLocation != null);
    // The sender "stops": its job halts at a part boundary and is never touched by it again.
    given().post("/api/v1/transfers/" + id + "/pause").then().statusCode(204);
    awaitState(id, "paused");
    String location = store.files(id).get(0).uploadLocation;
    long offset = hostOffset(location);
    assertTrue(offset > 0, "the host verified some bytes: " + offset);

    // A new Transfers on the same SQLite store, as after a restart of this peer.
    RecordingLink link = new RecordingLink(new PeerUploadLink(vertx, node.uploads()));
    Transfers again =
        new Transfers(
            vertx,
            node.chunkReads(),
            node.client(),
            link,
            peer -> Optional.empty(),
            store,
            new Transfers.Options(config.downloadDir(), config.maxFiles(), config.maxDepth(), 0),
            new TransferEvents());
    try {
      again.start();
      assertTrue(again.resume(id));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> store.jobState(id).value() == State.COMPLETED);
    } finally {
      again.stop();
    }
    assertSame(big, inbox.resolve("big.bin"));
    assertEquals(0, link.creates.get(), "no new upload was opened");
    assertEquals(location, link.firstLocation.get(), "the stored upload was resumed");
    assertTrue(
        link.firstProgress.get() >= offset,
        "went on from the host's offset " + offset + ", first ack " + link.firstProgress.get());
  }

  long hostOffset(String location) throws Exception {
    return node.uploads()
        .offset(host.peerId(), location)
        .toCompletionStage()
        .toCompletableFuture()
        .get();
  }
}
