package dev.drawbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.MeshOptions;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.node.NodeOptions;
import dev.drawbridge.node.NodeStores;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.node.SettingStore;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.peerapi.coding.Compression;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.GrantTable;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.upload.ArrivalLog;
import dev.drawbridge.upload.PeerLimits;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A real host process is killed with SIGKILL in the middle of a 300 MB upload (throttled by its
 * owner's per-peer rate so the kill lands mid-way), restarted on the same data dir, and the sender
 * resumes from the offset the host had verified and recorded: not from zero, and the placed file is
 * byte-identical.
 */
class UploadKillIT {
  static final long SIZE = 300L << 20;

  @Test
  void aKilledHostResumesTheUploadFromItsVerifiedOffset() throws Exception {
    Path base =
        Files.createDirectories(
            Path.of("target", "it-peers", "upload-kill-" + System.nanoTime()).toAbsolutePath());
    Path inbox = Files.createDirectories(base.resolve("inbox"));
    Path local = base.resolve("big.bin");
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = Files.newOutputStream(local)) {
      Random r = new Random(42);
      byte[] buf = new byte[1 << 20];
      for (long n = 0; n < SIZE; n += buf.length) {
        r.nextBytes(buf);
        sent.update(buf);
        out.write(buf);
      }
    }
    Identity senderId = Identity.generate();
    PeerProcess host = PeerProcess.start("upload-host").awaitReady();
    Vertx vertx = Vertx.vertx();
    PeerNode sender = null;
    try {
      host.share("inbox", inbox);
      host.api()
          .contentType(ContentType.JSON)
          .body("{\"access\":\"READ_WRITE\"}")
          .put("/api/v1/shares/inbox/grants/" + senderId.peerId())
          .then()
          .statusCode(201);
      // The owner's per-peer rate (a setting), so the upload takes ~15 s and the kill lands
      // mid-way.
      host.kill9();
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:sqlite:" + host.dataDir().resolve("drawbridge.db"));
          PreparedStatement s =
              c.prepareStatement("INSERT OR REPLACE INTO setting (name, value) VALUES (?, ?)")) {
        s.setString(1, PeerLimits.RATE_SETTING);
        s.setString(2, Long.toString(20L << 20));
        s.executeUpdate();
      }
      host.restart();
      PeerId hostId = PeerId.parse(host.peerId());
      PeerAddress addr = PeerAddress.parse(host.meshAddress());
      sender =
          new PeerNode(
              vertx,
              senderId,
              new NodeStores(
                  GrantTable.EMPTY,
                  p -> p.equals(hostId) ? List.of(addr) : List.of(),
                  ManifestStore.NONE,
                  new SettingStore() {
                    @Override
                    public Optional<String> read(String name) {
                      return Optional.empty();
                    }

                    @Override
                    public void write(String name, String value) {}
                  },
                  ArrivalLog.inMemory()),
              new NodeOptions(
                  new MeshOptions("127.0.0.1", 0, List.of("direct")),
                  false,
                  List.of(),
                  Compression.AUTO,
                  1));
      sender.start();
      AtomicLong latest = new AtomicLong();
      AtomicLong afterKill = new AtomicLong(-1);
      var result =
          sender
              .uploads()
              .sendFile(
                  hostId,
                  "inbox",
                  SharePath.parse("big.bin"),
                  local,
                  null,
                  n -> {
                    if (latest.get() < 0 && afterKill.get() < 0) {
                      afterKill.set(n); // the first offset the restarted host reports
                    }
                    latest.set(n);
                  },
                  () -> false)
              .toCompletionStage()
              .toCompletableFuture();
      Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .until(() -> latest.get() >= 64L << 20);
      long before = latest.get();
      host.kill9();
      latest.set(-1); // from here, progress comes from the restarted host
      host.restart();
      UploadClient.Result r = result.get(180, TimeUnit.SECONDS);
      assertEquals(201, r.status());
      assertTrue(
          afterKill.get() > 0, "resumed from a verified offset, not zero: " + afterKill.get());
      assertTrue(afterKill.get() <= SIZE && before > 0);
      MessageDigest got = MessageDigest.getInstance("SHA-256");
      try (InputStream in =
          new DigestInputStream(Files.newInputStream(inbox.resolve("big.bin")), got)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      assertEquals(HexFormat.of().formatHex(sent.digest()), HexFormat.of().formatHex(got.digest()));
      System.out.printf(
          "UploadKillIT: killed after %d MiB, resumed at %d MiB%n",
          before >> 20, afterKill.get() >> 20);
    } finally {
      if (sender != null) {
        sender.stop();
      }
      vertx.close();
      host.close();
    }
  }
}
