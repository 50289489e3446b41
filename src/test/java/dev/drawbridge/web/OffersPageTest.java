package dev.drawbridge.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.AddressBook;
import dev.drawbridge.mesh.MeshOptions;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.node.NodeOptions;
import dev.drawbridge.node.NodeStores;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.node.SettingStore;
import dev.drawbridge.offer.FileState;
import dev.drawbridge.offer.SentOffer;
import dev.drawbridge.peerapi.coding.Compression;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.GrantTable;
import dev.drawbridge.upload.ArrivalLog;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The owner's inbox in real Chromium: this app is Bob; Alice is a peer in the same JVM on the
 * loopback mesh. Bob declines one file of three and accepts the rest; Alice sees the answers.
 */
@QuarkusTest
class OffersPageTest {
  static final Path CHROMIUM =
      Path.of(System.getProperty("drawbridge.chromium", "/usr/bin/chromium"));

  @TestHTTPResource("/")
  URL ui;

  @Test
  void theOwnerDeclinesOneFileOfAnOfferAndAcceptsTheRest() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed at " + CHROMIUM);
    String bobId = given().get("/api/v1/identity").then().extract().path("peerId");
    int bobPort = given().get("/api/v1/identity").then().extract().path("meshPort");
    PeerId bob = PeerId.parse(bobId);
    Path out = Files.createDirectories(Path.of("target/offer-test", UUID.randomUUID().toString()));
    for (String name : List.of("a.txt", "b.txt", "c.txt")) {
      Files.writeString(out.resolve(name), "contents of " + name);
    }
    Vertx vertx = Vertx.vertx();
    Identity aliceId = Identity.generate();
    PeerNode alice = alice(vertx, aliceId, bob, bobPort);
    try {
      given()
          .contentType(ContentType.JSON)
          .body(
              "{\"peerId\":\""
                  + aliceId.peerId().value()
                  + "\",\"address\":\"127.0.0.1:"
                  + alice.meshPort()
                  + "\",\"nickname\":\"Alice\"}")
          .post("/api/v1/contacts")
          .then()
          .statusCode(201);
      try (Playwright pw =
              Playwright.create(
                  new Playwright.CreateOptions()
                      .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
          Browser browser =
              pw.chromium()
                  .launch(
                      new BrowserType.LaunchOptions()
                          .setExecutablePath(CHROMIUM)
                          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
        page.navigate(ui + "offers");
        assertThat(page.getByText("No offers.", new Page.GetByTextOptions().setExact(false)))
            .isVisible();
        // The offer arrives while the page is open: the live channel shows it.
        SentOffer sent =
            alice
                .outbox()
                .send(
                    bob,
                    List.of(
                        out.resolve("a.txt").toAbsolutePath(),
                        out.resolve("b.txt").toAbsolutePath(),
                        out.resolve("c.txt").toAbsolutePath()),
                    "holiday notes");
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> alice.outbox().find(sent.id()).get().remoteId() != null);

        assertThat(page.getByText("Alice wants to send you 3 files")).isVisible();
        assertThat(page.getByText("holiday notes", new Page.GetByTextOptions().setExact(false)))
            .isVisible();
        Files.createDirectories(Path.of("target/screenshots"));
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/offers-inbox-1280.png"))
                .setFullPage(true));
        page.setViewportSize(390, 844);
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/offers-inbox-390.png"))
                .setFullPage(true));

        page.getByLabel("select b.txt").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Decline selected"))
            .click();
        assertThat(page.locator("#incoming li", new Page.LocatorOptions().setHasText("b.txt")))
            .containsText("declined");
        Path destination = out.resolve("received").toAbsolutePath();
        page.getByLabel("Save into").fill(destination.toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept all")).click();
        assertThat(page.locator("#incoming li", new Page.LocatorOptions().setHasText("a.txt")))
            .not()
            .containsText("waiting for your answer");
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/offers-answered-390.png"))
                .setFullPage(true));
      }
      SentOffer sent = alice.outbox().all().get(0);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  alice.outbox().find(sent.id()).get().files().get(0).state() != FileState.PENDING);
      assertEquals(FileState.REJECTED, alice.outbox().find(sent.id()).get().files().get(1).state());
      Path received = out.resolve("received");
      // Both accepted files are sent one after the other; a loaded machine needs the time.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  alice.outbox().find(sent.id()).get().files().get(0).state() == FileState.COMPLETED
                      && alice.outbox().find(sent.id()).get().files().get(2).state()
                          == FileState.COMPLETED);
      assertEquals("contents of a.txt", Files.readString(received.resolve("a.txt")));
      assertEquals("contents of c.txt", Files.readString(received.resolve("c.txt")));
      assertFalse(Files.exists(received.resolve("b.txt")), "a declined file never arrives");
    } finally {
      alice.stop();
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .orTimeout(10, TimeUnit.SECONDS)
          .join();
    }
  }

  @Test
  void sendingToAPeerThatIsNotAContactIsRefusedInPlainWords() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"peer\":\""
                + Identity.generate().peerId().value()
                + "\",\"paths\":[\"/tmp\"],\"note\":\"\"}")
        .post("/api/v1/offers")
        .then()
        .statusCode(400)
        .body("message", org.hamcrest.Matchers.containsString("only to your contacts"));
  }

  @Test
  void autoAcceptNeedsAnAbsoluteFolder() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"peers\":[\"" + Identity.generate().peerId().value() + "\"],\"folder\":\"rel\"}")
        .put("/api/v1/settings/auto-accept")
        .then()
        .statusCode(400);
  }

  private static PeerNode alice(Vertx vertx, Identity id, PeerId bob, int bobPort) {
    Map<String, String> saved = new ConcurrentHashMap<>();
    SettingStore settings =
        new SettingStore() {
          @Override
          public Optional<String> read(String name) {
            return Optional.ofNullable(saved.get(name));
          }

          @Override
          public void write(String name, String value) {
            saved.put(name, value);
          }
        };
    AddressBook book =
        new AddressBook() {
          @Override
          public List<PeerAddress> addressesOf(PeerId peer) {
            return peer.equals(bob) ? List.of(new PeerAddress("127.0.0.1", bobPort)) : List.of();
          }

          @Override
          public Set<PeerId> contacts() {
            return Set.of(bob);
          }
        };
    PeerNode n =
        new PeerNode(
            vertx,
            id,
            new NodeStores(
                GrantTable.EMPTY, book, ManifestStore.NONE, settings, ArrivalLog.inMemory()),
            new NodeOptions(
                new MeshOptions("127.0.0.1", 0, List.of("direct")),
                false,
                List.of(),
                Compression.AUTO,
                1));
    n.start();
    return n;
  }
}
