package dev.drawbridge.it;

import static dev.drawbridge.it.TransferScenario.awaitBytesAtLeast;
import static dev.drawbridge.it.TransferScenario.awaitState;
import static dev.drawbridge.it.TransferScenario.download;
import static dev.drawbridge.it.TransferScenario.partials;
import static dev.drawbridge.it.TransferScenario.random;
import static dev.drawbridge.it.TransferScenario.sha256;
import static dev.drawbridge.it.TransferScenario.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Download jobs between two real peer processes (Libdrop-style: start, act, await states, assert
 * files). B's downloads are capped at 40 MB/s so a test can act while a file is in flight, and
 * reach A through a counting proxy, so a test can tell how many bytes A served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransfersIT {
  static final int BIG = 200 * 1000 * 1000;
  static final int MIB = 1 << 20;
  Path base;
  Path pub;
  PeerProcess a;
  PeerProcess b;
  FlippingProxy proxy;

  @BeforeAll
  void twoPeers() throws Exception {
    base =
        Files.createDirectories(
            Path.of("target", "it-transfers", UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath());
    pub = Files.createDirectories(base.resolve("pub"));
    Files.write(pub.resolve("big.bin"), random(BIG, 1));
    Path tree = Files.createDirectories(pub.resolve("tree"));
    for (int d = 0; d < 20; d++) {
      Path dir = Files.createDirectories(tree.resolve("d" + d).resolve("sub"));
      for (int f = 0; f < 100; f++) {
        Files.write(dir.resolve("f" + f + ".txt"), random(f * 37 % 4096, d * 1000L + f));
      }
    }
    Path many = Files.createDirectories(pub.resolve("many"));
    for (int d = 0; d < 12; d++) {
      Path dir = Files.createDirectories(many.resolve("m" + d));
      for (int f = 0; f < 100; f++) {
        Files.write(dir.resolve("s" + f + ".dat"), random(96 * 1024 - f, 500_000L + d * 1000 + f));
      }
    }
    Files.writeString(
        Files.createDirectories(pub.resolve("deep/1/2/3/4/5")).resolve("too-deep.txt"), "x");
    Path wide = Files.createDirectories(pub.resolve("wide"));
    for (int f = 0; f <= 2500; f++) {
      Files.createFile(wide.resolve("w" + f));
    }
    a = PeerProcess.start("ta", Files.createDirectories(base.resolve("a/data")));
    b =
        PeerProcess.start(
            "tb",
            Files.createDirectories(base.resolve("b/data")),
            Map.of(
                "DRAWBRIDGE_TRANSFERS_MAX_BYTES_PER_SECOND",
                "40000000",
                "DRAWBRIDGE_TRANSFERS_MAX_FILES",
                "2500",
                "DRAWBRIDGE_TRANSFERS_MAX_DEPTH",
                "4"));
    a.awaitReady();
    b.awaitReady();
    a.share("pub", pub);
    a.grant("pub", b, "READ");
    proxy = FlippingProxy.passThrough(Integer.parseInt(a.meshAddress().split(":")[1]));
    b.addContact(a.peerId(), proxy.address());
  }

  @AfterAll
  void stop() throws Exception {
    for (PeerProcess p : new PeerProcess[] {a, b}) {
      if (p != null) {
        p.close();
      }
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aBigFileSurvivesAKillOfTheReceiverAndResumesFromAChunkBoundary() throws Exception {
    String id = download(b, a, "pub", "big.bin", false);
    awaitBytesAtLeast(b, id, BIG / 3);
    b.kill9();
    b.restart();

    long resumedAt = transfer(b, id).getLong("bytes");
    assertTrue(resumedAt >= 32L << 20, "resumed from verified chunks, not from zero: " + resumedAt);
    JsonPath done = awaitState(b, id, "completed", Duration.ofSeconds(120));
    Path file =
        Path.of(
            done.getString("files[0].finalPath") == null
                ? b.downloads().resolve("big.bin").toString()
                : done.getString("files[0].finalPath"));
    assertEquals(sha256(pub.resolve("big.bin")), sha256(b.downloads().resolve("big.bin")));
    assertEquals(java.util.List.of(), partials(b.downloads()));
    assertTrue(Files.exists(file));
  }

  @Test
  void aFolderOfTwoThousandFilesArrivesWhole() throws Exception {
    String id = download(b, a, "pub", "tree", true);
    JsonPath done = awaitState(b, id, "completed", Duration.ofSeconds(180));
    assertEquals(2000, done.getInt("fileCount"));
    assertEquals(2000, done.getInt("filesDone"));
    for (int d = 0; d < 20; d += 7) {
      for (int f = 0; f < 100; f += 13) {
        Path rel = Path.of("tree", "d" + d, "sub", "f" + f + ".txt");
        assertEquals(sha256(pub.resolve(rel)), sha256(b.downloads().resolve(rel)), rel.toString());
      }
    }
    assertEquals(java.util.List.of(), partials(b.downloads()));
  }

  /**
   * Small files travel in batches; a kill between placing a file and recording it must not
   * duplicate it.
   */
  @Test
  void smallFilesSurviveAKillOfTheReceiverWithNoFileMissingOrTwice() throws Exception {
    String id = download(b, a, "pub", "many", true);
    awaitBytesAtLeast(b, id, 30L * MIB); // 40 MB/s cap: about a quarter of the 115 MB is in
    b.kill9();
    b.restart();

    JsonPath done = awaitState(b, id, "completed", Duration.ofSeconds(120));
    assertEquals(1200, done.getInt("fileCount"));
    assertEquals(1200, done.getInt("filesDone"));
    java.util.List<Path> got;
    try (java.util.stream.Stream<Path> s = Files.walk(b.downloads().resolve("many"))) {
      got = s.filter(Files::isRegularFile).toList();
    }
    assertEquals(
        1200,
        got.size(),
        "every file exactly once, no 'name (1)' copies: "
            + got.stream().filter(p -> p.getFileName().toString().contains("(")).limit(5).toList());
    for (Path p : got) {
      Path rel = b.downloads().resolve("many").relativize(p);
      assertEquals(sha256(pub.resolve("many").resolve(rel)), sha256(p), rel.toString());
    }
    assertEquals(java.util.List.of(), partials(b.downloads().resolve("many")));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource({
    "refuse_folder_deeper_than_limit, deep, deeper than 4 levels",
    "refuse_folder_with_more_files_than_limit, wide, more than 2500 files"
  })
  void foldersBeyondTheLimitsAreRefusedBeforeAnythingIsFetched(
      String name, String folder, String reason) throws Exception {
    String id = download(b, a, "pub", folder, true);
    JsonPath end = awaitState(b, id, "failed", Duration.ofSeconds(60));
    assertTrue(end.getString("detail").contains(reason), end.prettify());
    assertEquals(0, end.getInt("fileCount"), "nothing was listed for download");
    assertTrue(!Files.exists(b.downloads().resolve(folder)), "nothing was written");
  }

  @Test
  void aSecondDownloadOfTheSameFileNeverOverwrites() throws Exception {
    Files.writeString(pub.resolve("note.txt"), "first");
    String first = download(b, a, "pub", "note.txt", false);
    awaitState(b, first, "completed", Duration.ofSeconds(30));
    String second = download(b, a, "pub", "note.txt", false);
    awaitState(b, second, "completed", Duration.ofSeconds(30));
    assertEquals("first", Files.readString(b.downloads().resolve("note.txt")));
    assertEquals("first", Files.readString(b.downloads().resolve("note (1).txt")));
  }

  @Test
  void aFolderDownloadedAgainAfterOneChunkChangedOnTheHostFetchesOnlyThatChunk() throws Exception {
    Path again = Files.createDirectories(pub.resolve("again"));
    int[] sizes = {3 * MIB, 2 * MIB + 500 * 1024, 4 * MIB};
    for (int i = 0; i < sizes.length; i++) {
      Files.write(again.resolve("f" + i + ".bin"), random(sizes[i], 50 + i));
    }
    awaitState(b, download(b, a, "pub", "again", true), "completed", Duration.ofSeconds(60));
    byte[] edited = Files.readAllBytes(again.resolve("f1.bin"));
    System.arraycopy(random(MIB, 77), 0, edited, MIB, MIB); // chunk 1 of f1 changes, nothing else
    Path tmp = pub.resolve(".edit");
    Files.write(tmp, edited);
    Files.move(tmp, again.resolve("f1.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    long before = proxy.served.get();
    JsonPath done =
        awaitState(b, download(b, a, "pub", "again", true), "completed", Duration.ofSeconds(60));
    long served = proxy.served.get() - before;
    System.out.printf(
        "dedup: A served %d bytes for the second download (one 1 MiB chunk changed of 9.5 MiB)%n",
        served);

    assertEquals(3, done.getInt("filesDone"));
    // Listing, three manifests, TLS and HTTP framing are a few KiB; without dedup this is 9.5 MiB.
    assertTrue(
        served >= MIB && served < MIB + 256 * 1024,
        "A served " + served + " bytes for one changed 1 MiB chunk");
    for (int i = 0; i < sizes.length; i++) {
      assertEquals(
          sha256(again.resolve("f" + i + ".bin")),
          sha256(b.downloads().resolve("again/f" + i + " (1).bin")),
          "f" + i);
    }
    assertEquals(java.util.List.of(), partials(b.downloads()));
  }
}
