package dev.drawbridge.it;

import static dev.drawbridge.it.TransferScenario.awaitState;
import static dev.drawbridge.it.TransferScenario.download;
import static dev.drawbridge.it.TransferScenario.partials;
import static dev.drawbridge.it.TransferScenario.random;
import static dev.drawbridge.it.TransferScenario.sha256;
import static dev.drawbridge.it.TransferScenario.transfer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A file the owner paused stays paused across a kill -9 of the peer, and resumes from its verified
 * chunks.
 */
class FileControlIT {
  static final int MIB = 1 << 20;

  @Test
  void aPausedFileStaysPausedAfterAKillAndResumesFromItsChunks() throws Exception {
    Path base =
        Files.createDirectories(
            Path.of("target", "it-filecontrol", UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath());
    Path pub = Files.createDirectories(base.resolve("pub/album"));
    Files.write(pub.resolve("big.bin"), random(24 * MIB, 7));
    Files.write(pub.resolve("small.txt"), random(5000, 8));
    try (PeerProcess a = PeerProcess.start("fa", Files.createDirectories(base.resolve("a/data")));
        PeerProcess b =
            PeerProcess.start(
                "fb",
                Files.createDirectories(base.resolve("b/data")),
                Map.of("DRAWBRIDGE_TRANSFERS_MAX_BYTES_PER_SECOND", "4000000"))) {
      a.awaitReady();
      b.awaitReady();
      a.share("pub", base.resolve("pub"));
      a.grant("pub", b, "READ");
      b.addContact(a.peerId(), a.meshAddress());

      String id = download(b, a, "pub", "album", true);
      await("big.bin under way")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> transfer(b, id).getLong("bytes") >= 4L * MIB);
      String big = transfer(b, id).getString("files.find { it.path == 'album/big.bin' }.id");
      b.api().post("/api/v1/transfers/" + id + "/files/" + big + "/pause").then().statusCode(204);
      JsonPath parked = awaitState(b, id, "paused", Duration.ofSeconds(30));
      long kept = parked.getLong("files.find { it.path == 'album/big.bin' }.bytes");
      assertTrue(kept >= MIB, "chunks kept at the pause: " + kept);

      b.kill9();
      b.restart();

      await("still paused after the restart")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  "paused"
                      .equals(
                          transfer(b, id)
                              .getString("files.find { it.path == 'album/big.bin' }.state")));
      JsonPath after = transfer(b, id);
      assertEquals("paused", after.getString("state"));
      assertEquals("paused: 1 file", after.getString("detail"));
      assertEquals(
          kept,
          after.getLong("files.find { it.path == 'album/big.bin' }.bytes"),
          "nothing fetched while paused");
      assertEquals(1, partials(b.downloads()).size());

      b.api().post("/api/v1/transfers/" + id + "/files/" + big + "/resume").then().statusCode(204);
      long resumedAt = transfer(b, id).getLong("bytes");
      assertTrue(resumedAt >= kept, "resumed from the kept chunks, not from zero: " + resumedAt);
      awaitState(b, id, "completed", Duration.ofSeconds(60));
      assertEquals(sha256(pub.resolve("big.bin")), sha256(b.downloads().resolve("album/big.bin")));
      assertEquals(List.of(), partials(b.downloads()));
    }
  }
}
