package dev.drawbridge.it;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Steps shared by the transfer scenarios: start a job, await its state, check files on disk. */
final class TransferScenario {
  private TransferScenario() {}

  static String download(
      PeerProcess guest, PeerProcess host, String share, String path, boolean folder) {
    return guest
        .api()
        .contentType(ContentType.JSON)
        .body(
            "{\"peerId\":\""
                + host.peerId()
                + "\",\"share\":\""
                + share
                + "\",\"path\":\""
                + path
                + "\",\"folder\":"
                + folder
                + "}")
        .post("/api/v1/transfers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static JsonPath transfer(PeerProcess guest, String id) {
    return guest.api().get("/api/v1/transfers/" + id).then().statusCode(200).extract().jsonPath();
  }

  static JsonPath awaitState(PeerProcess guest, String id, String state, Duration atMost) {
    await(id + " " + state)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> transfer(guest, id).getString("state").equals(state));
    return transfer(guest, id);
  }

  static long awaitBytesAtLeast(PeerProcess guest, String id, long bytes) {
    await(id + " past " + bytes)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> transfer(guest, id).getLong("bytes") >= bytes);
    return transfer(guest, id).getLong("bytes");
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Our partial files, anywhere under dir: none may remain after a job ends. */
  static List<Path> partials(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".drawbridge-")).toList();
    }
  }
}
