package dev.drawbridge.it;

import static dev.drawbridge.it.TransferScenario.awaitBytesAtLeast;
import static dev.drawbridge.it.TransferScenario.awaitState;
import static dev.drawbridge.it.TransferScenario.download;
import static dev.drawbridge.it.TransferScenario.partials;
import static dev.drawbridge.it.TransferScenario.random;
import static dev.drawbridge.it.TransferScenario.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transfers under faults: the host dies, bytes are corrupted on the wire, the file changes, the
 * disk fills.
 */
class TransferFaultsIT {
  static final int SIZE = 60 * 1000 * 1000;
  Path base;
  Path pub;
  PeerProcess a;
  PeerProcess b;

  @BeforeEach
  void twoPeers() throws Exception {
    base =
        Files.createDirectories(
            Path.of("target", "it-faults", UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath());
    pub = Files.createDirectories(base.resolve("pub"));
    Files.write(pub.resolve("data.bin"), random(SIZE, 5));
    a = PeerProcess.start("fa", Files.createDirectories(base.resolve("a/data")));
    b =
        PeerProcess.start(
            "fb",
            Files.createDirectories(base.resolve("b/data")),
            Map.of("DRAWBRIDGE_TRANSFERS_MAX_BYTES_PER_SECOND", "15000000"));
    a.awaitReady();
    b.awaitReady();
    a.share("pub", pub);
    a.grant("pub", b, "READ");
    b.addContact(a.peerId(), a.meshAddress());
  }

  @AfterEach
  void stop() throws Exception {
    for (PeerProcess p : new PeerProcess[] {a, b}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void theJobWaitsWhileTheHostIsDeadAndFinishesWhenItReturns() throws Exception {
    String id = download(b, a, "pub", "data.bin", false);
    awaitBytesAtLeast(b, id, SIZE / 4);
    a.kill9();
    awaitState(b, id, "waiting", Duration.ofSeconds(60));
    a.restart();
    awaitState(b, id, "completed", Duration.ofSeconds(120));
    assertEquals(sha256(pub.resolve("data.bin")), sha256(b.downloads().resolve("data.bin")));
    assertEquals(List.of(), partials(b.downloads()));
  }

  @Test
  void aByteFlippedInTransitIsDetectedAndRefetched() throws Exception {
    try (FlippingProxy proxy =
        new FlippingProxy(Integer.parseInt(a.meshAddress().split(":")[1]), 5_000_000)) {
      b.addContact(a.peerId(), proxy.address());
      String id = download(b, a, "pub", "data.bin", false);
      awaitState(b, id, "completed", Duration.ofSeconds(120));
      assertEquals(1, proxy.flipped.get(), "the proxy did corrupt the stream");
      assertEquals(sha256(pub.resolve("data.bin")), sha256(b.downloads().resolve("data.bin")));
    }
  }

  @Test
  void aFileChangedOnTheHostIsNeverMixed() throws Exception {
    String id = download(b, a, "pub", "data.bin", false);
    awaitBytesAtLeast(b, id, SIZE / 4);
    byte[] changed = random(SIZE, 99);
    Path tmp = pub.resolve(".new");
    Files.write(tmp, changed);
    Files.move(tmp, pub.resolve("data.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    JsonPath end = awaitEither(id);
    Path got = b.downloads().resolve("data.bin");
    if (end.getString("state").equals("completed")) {
      assertEquals(
          sha256(pub.resolve("data.bin")), sha256(got), "restarted on the new version, not a mix");
    } else {
      assertFalse(Files.exists(got), "a failed file is never placed");
      assertTrue(end.getString("files[0].detail").contains("chang"), end.prettify());
    }
    assertEquals(List.of(), partials(b.downloads()));
  }

  @Test
  void eventsArriveOverTheWebSocketCoalesced() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    String port = b.uiUrl().substring(b.uiUrl().lastIndexOf(':') + 1);
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Origin", "http://127.0.0.1:" + port)
            .buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/api/v1/transfers/ws"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    events.add(data.toString());
                    w.request(1);
                    return null;
                  }
                })
            .join();
    long start = System.currentTimeMillis();
    String id = download(b, a, "pub", "data.bin", false);
    awaitState(b, id, "completed", Duration.ofSeconds(120));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                events.stream()
                    .anyMatch(
                        e ->
                            e.contains("\"type\":\"completed\"")
                                && e.contains(id)
                                && !e.contains("\"fileId\":\"")));
    double seconds = (System.currentTimeMillis() - start) / 1000.0;
    long progress =
        events.stream().filter(e -> e.contains("\"type\":\"progress\"") && e.contains(id)).count();
    for (String type : new String[] {"queued", "started", "progress", "verified", "completed"}) {
      assertTrue(
          events.stream().anyMatch(e -> e.contains("\"type\":\"" + type + "\"") && e.contains(id)),
          type);
    }
    assertTrue(
        progress >= 2 && progress <= seconds * 5 + 5,
        progress + " progress events in " + seconds + " s");
    ws.abort();
  }

  @Test
  void aFullDiskFailsClearlyAndLeavesNothingBehind() throws Exception {
    Path small = Files.createDirectories(base.resolve("small-disk"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", small.toString())
            .redirectErrorStream(true)
            .start();
    assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here (needs root)");
    try {
      String id =
          b.api()
              .contentType(io.restassured.http.ContentType.JSON)
              .body(
                  "{\"peerId\":\""
                      + a.peerId()
                      + "\",\"share\":\"pub\",\"path\":\"data.bin\",\"destination\":\""
                      + small
                      + "\"}")
              .post("/api/v1/transfers")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      JsonPath end = awaitState(b, id, "failed", Duration.ofSeconds(90));
      assertTrue(end.getString("files[0].detail").toLowerCase().contains("space"), end.prettify());
      assertFalse(Files.exists(small.resolve("data.bin")));
      assertEquals(List.of(), partials(small));
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
    }
  }

  private JsonPath awaitEither(String id) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                List.of("completed", "failed")
                    .contains(TransferScenario.transfer(b, id).getString("state")));
    return TransferScenario.transfer(b, id);
  }
}
