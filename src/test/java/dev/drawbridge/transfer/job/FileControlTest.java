package dev.drawbridge.transfer.job;

import static dev.drawbridge.transfer.job.SelfShare.awaitFile;
import static dev.drawbridge.transfer.job.SelfShare.awaitJob;
import static dev.drawbridge.transfer.job.SelfShare.fileId;
import static dev.drawbridge.transfer.job.SelfShare.fileState;
import static dev.drawbridge.transfer.job.SelfShare.partials;
import static dev.drawbridge.transfer.job.SelfShare.sha256;
import static dev.drawbridge.transfer.job.SelfShare.transfer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-file pause, resume and cancel through the local API, on real jobs (the peer downloads from
 * itself over the mesh, capped at 4 MB/s so files are in flight long enough to act on).
 */
@QuarkusTest
@TestProfile(SlowTransfers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileControlTest {
  static final int MIB = 1 << 20;
  @Inject TransferEvents events;
  SelfShare host;

  @BeforeEach
  void aSharedFolder() throws Exception {
    if (host != null) {
      return;
    }
    host = new SelfShare();
    host.write("tree/big.bin", 12 * MIB, 1);
    host.write("tree/mid.bin", 3 * MIB, 2);
    for (int i = 0; i < 4; i++) {
      host.write("tree/small" + i + ".txt", 3000 + i, 10 + i);
    }
  }

  Path destination() throws Exception {
    return Files.createDirectories(Path.of("target/test-downloads", UUID.randomUUID().toString()))
        .toAbsolutePath();
  }

  String action(String id, String fileId, String action, int status) {
    return given()
        .post("/api/v1/transfers/" + id + "/files/" + fileId + "/" + action)
        .then()
        .statusCode(status)
        .extract()
        .asString();
  }

  @Test
  void aPausedFileKeepsItsChunksHoldsTheJobOpenAndResumesFromWhereItStopped() throws Exception {
    Path into = destination();
    String id = host.download("tree", true, into);
    String big = fileId(id, "tree/big.bin");
    await("big.bin under way")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                transfer(id).getLong("bytes") >= 5L * MIB
                    && "started".equals(fileState(id, "tree/big.bin")));

    action(id, big, "pause", 204);

    JsonPath parked = awaitJob(id, "paused");
    assertEquals("paused: 1 file", parked.getString("detail"));
    assertEquals(5, parked.getInt("filesDone"), "the other files completed");
    assertEquals(1, parked.getInt("filesPaused"));
    assertEquals("paused", fileState(id, "tree/big.bin"));
    long kept = transfer(id).getLong("files.find { it.path == 'tree/big.bin' }.bytes");
    assertTrue(kept >= MIB, "verified chunks recorded at the pause: " + kept);
    assertEquals(1, partials(into).size(), "the partial file stays for the resume");
    assertFalse(
        Files.exists(into.resolve("tree/big.bin")), "nothing unverified under the final name");

    long othersAndKept = 3L * MIB + 3000 + 3001 + 3002 + 3003 + kept;
    List<Long> seen = new CopyOnWriteArrayList<>();
    AutoCloseable watching =
        events.subscribe(
            e -> {
              if (e.transferId().equals(id) && e.type().equals("progress")) {
                seen.add(e.bytes());
              }
            });
    try {
      action(id, big, "resume", 204);
      JsonPath done = awaitJob(id, "completed");
      assertEquals(6, done.getInt("filesDone"));
      assertNull(done.getString("detail"));
    } finally {
      watching.close();
    }
    assertTrue(
        seen.stream().allMatch(b -> b >= othersAndKept),
        "resumed from the kept chunks, never below " + othersAndKept + ": " + seen);
    assertEquals(sha256(host.dir.resolve("tree/big.bin")), sha256(into.resolve("tree/big.bin")));
    assertEquals(List.of(), partials(into));
  }

  @Test
  void aQueuedFilePausedStaysOutOfTheQueueUntilTheJobIsResumed() throws Exception {
    Path into = destination();
    host.write("queue/a.bin", 4 * MIB, 21);
    host.write("queue/b.bin", 4 * MIB, 22);
    host.write("queue/c.bin", 4 * MIB, 23);
    host.write("queue/d.bin", 4 * MIB, 24);
    // Sorted last, queued behind four files in flight; over 1 MiB, so it does not go in a batch of
    // small files (those start at once, beside the big ones).
    host.write("queue/e.bin", 2 * MIB, 25);
    String id = host.download("queue", true, into);
    String e = fileId(id, "queue/e.bin");
    String state = fileState(id, "queue/e.bin");

    action(id, e, "pause", 204);

    JsonPath parked = awaitJob(id, "paused");
    assertEquals("paused: 1 file", parked.getString("detail"));
    assertEquals("paused", fileState(id, "queue/e.bin"));
    assertFalse(
        Files.exists(into.resolve("queue/e.bin")),
        "a paused file is not fetched (it was " + state + ")");

    given()
        .post("/api/v1/transfers/" + id + "/resume")
        .then()
        .statusCode(204); // all that is left: the paused file
    awaitJob(id, "completed");
    assertEquals("completed", fileState(id, "queue/e.bin"));
    assertEquals(sha256(host.dir.resolve("queue/e.bin")), sha256(into.resolve("queue/e.bin")));
  }

  @Test
  void aCanceledFileLeavesNothingBehindTheJobCompletesWithTheOthersAndResumeRetriesIt()
      throws Exception {
    Path into = destination();
    // Content of its own: a copy of tree/ placed by another test would be reused locally (dedup)
    // and finish before it could be canceled.
    host.write("cancel/big.bin", 12 * MIB, 51);
    host.write("cancel/mid.bin", 3 * MIB, 52);
    for (int i = 0; i < 4; i++) {
      host.write("cancel/small" + i + ".txt", 3000 + i, 53 + i);
    }
    String id = host.download("cancel", true, into);
    String big = fileId(id, "cancel/big.bin");
    await("big.bin under way")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                "started".equals(fileState(id, "cancel/big.bin"))
                    && transfer(id).getLong("bytes") >= 2L * MIB);

    action(id, big, "cancel", 204);

    JsonPath done = awaitJob(id, "completed");
    assertEquals("1 file(s) canceled", done.getString("detail"));
    assertEquals(5, done.getInt("filesDone"));
    assertEquals(1, done.getInt("filesCanceled"));
    assertEquals("canceled", fileState(id, "cancel/big.bin"));
    assertEquals(
        done.getLong("size"),
        done.getLong("bytes"),
        "a canceled file is not part of the job's size");
    await("partial gone").atMost(Duration.ofSeconds(10)).until(() -> partials(into).isEmpty());
    assertFalse(Files.exists(into.resolve("cancel/big.bin")));
    assertTrue(Files.exists(into.resolve("cancel/mid.bin")));

    action(id, big, "resume", 204); // retry it from scratch
    awaitFile(id, "cancel/big.bin", "completed");
    JsonPath again = awaitJob(id, "completed");
    assertNull(again.getString("detail"));
    assertEquals(
        sha256(host.dir.resolve("cancel/big.bin")), sha256(into.resolve("cancel/big.bin")));
    assertEquals(List.of(), partials(into));
  }

  @Test
  void actionsThatDoNotApplyAreRefusedWithTheReason() throws Exception {
    host.write("one/only.txt", 10, 31);
    String id = host.download("one", true, destination());
    String only = fileId(id, "one/only.txt");
    awaitJob(id, "completed");

    given()
        .post("/api/v1/transfers/" + id + "/files/" + only + "/pause")
        .then()
        .statusCode(409)
        .body("error", equalTo("conflict"))
        .body("message", containsString("no longer in progress"));
    given()
        .post("/api/v1/transfers/" + id + "/files/" + only + "/cancel")
        .then()
        .statusCode(409)
        .body("message", containsString("already complete"));
    given().post("/api/v1/transfers/" + id + "/files/nope/resume").then().statusCode(404);
    given()
        .post("/api/v1/transfers/nope/files/" + only + "/resume")
        .then()
        .statusCode(404)
        .body("message", equalTo("no such transfer"));
    given().post("/api/v1/transfers/" + id + "/files/" + only + "/stop").then().statusCode(404);
    given()
        .header("Origin", "http://evil.example")
        .post("/api/v1/transfers/" + id + "/files/" + only + "/cancel")
        .then()
        .statusCode(403);
    assertEquals("completed", fileState(id, "one/only.txt"));
  }

  @Test
  void theJobPageOffersPerFileButtonsAndShowsWhyAnActionWasRefused() throws Exception {
    host.write("page/done.txt", 10, 41);
    String id = host.download("page", true, destination());
    String done = fileId(id, "page/done.txt");
    awaitJob(id, "completed");

    given()
        .get("/transfers/" + id)
        .then()
        .statusCode(200)
        .body(containsString("id=\"transfer-detail\""));
    given()
        .header("HX-Request", "true")
        .contentType(io.restassured.http.ContentType.URLENC)
        .post("/ui/transfers/" + id + "/files/" + done + "/pause")
        .then()
        .statusCode(200)
        .body(containsString("role=\"alert\""))
        .body(containsString("no longer in progress"));
    given()
        .redirects()
        .follow(false)
        .contentType(io.restassured.http.ContentType.URLENC)
        .post("/ui/transfers/" + id + "/files/" + done + "/cancel")
        .then()
        .statusCode(303)
        .header("Location", containsString("/transfers/" + id));
  }
}
