package dev.drawbridge.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.upload.Arrival;
import dev.drawbridge.upload.ArrivalLog;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The owner, in real Chromium, sets a share's upload rules on its page, sees them saved (and
 * refused in plain words), sees what arrived at desktop and phone width, and sets per-person
 * limits.
 */
@QuarkusTest
class SharePageUiTest {
  @TestHTTPResource("/")
  URL ui;

  @Inject ShareCatalog catalog;
  @Inject ArrivalLog arrivals;

  @Test
  void ownerSetsUploadRulesAndSeesWhatArrived() throws Exception {
    assumeTrue(
        dev.drawbridge.it.Browser.available(),
        "chromium not installed at " + dev.drawbridge.it.Browser.CHROMIUM);
    String name = UploadRulesApiTest.newShare();
    String alice = Identity.generate().peerId().value();
    String stranger = Identity.generate().peerId().value();
    catalog.grant(name, dev.drawbridge.identity.PeerId.parse(alice), Access.READ_WRITE);
    given()
        .contentType(ContentType.JSON)
        .body("{\"peerId\":\"" + alice + "\",\"nickname\":\"Alice\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(201);
    long now = System.currentTimeMillis();
    for (int i = 0; i < 22; i++) { // older than the two below: 2 pages of 20
      arrivals.arrived(
          new Arrival(
              name, "old/" + i + ".txt", stranger, 10, "cc".repeat(32), false, now - 100 + i));
    }
    arrivals.arrived(
        new Arrival(name, "trip/holiday photo.jpg", alice, 2_500_000, "aa".repeat(32), false, now));
    arrivals.arrived(
        new Arrival(name, "notes.txt", stranger, 1_200, "bb".repeat(32), true, now + 1));
    String base = ui.toString().replaceAll("/$", "");
    Path shots = Files.createDirectories(Path.of("target/screenshots"));

    try (Playwright pw = dev.drawbridge.it.Browser.playwright();
        Browser browser = dev.drawbridge.it.Browser.launch(pw)) {
      Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
      page.navigate(base + "/shares");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name)).click();
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name)))
          .isVisible();
      assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(alice)))
          .containsText("Can view and add files");
      assertThat(page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(alice)))
          .containsText("Alice");

      // A typo is refused in words, and what was typed stays.
      page.getByLabel("Largest file").fill("lots");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save upload rules"))
          .click();
      assertThat(page.getByRole(AriaRole.ALERT))
          .containsText("Largest file: \"lots\" is not a size");
      assertThat(page.getByLabel("Largest file")).hasValue("lots");

      page.getByLabel("Allow replacing existing files").check();
      page.getByLabel("Largest file").fill("2 GB");
      page.getByLabel("Total size").fill("10 GB");
      page.getByLabel("Total files").fill("500");
      page.getByLabel("Keep free on disk").fill("5 GB");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save upload rules"))
          .click();
      assertThat(page.getByRole(AriaRole.STATUS)).containsText("Saved");
      given()
          .get("/api/v1/shares/" + name + "/upload-rules")
          .then()
          .body("allowReplace", equalTo(true))
          .body("maxFileBytes", equalTo(2_000_000_000))
          .body("quotaBytes", equalTo(10_000_000_000L))
          .body("quotaFiles", equalTo(500))
          .body("reserveBytes", equalTo(5_000_000_000L));

      page.reload();
      assertThat(page.getByLabel("Largest file")).hasValue("2 GB");
      assertThat(page.getByLabel("Total size")).hasValue("10 GB");
      assertThat(page.getByLabel("Allow replacing existing files")).isChecked();
      Locator arrived = page.locator("#arrivals");
      assertThat(arrived.getByRole(AriaRole.ROW).nth(1)).containsText("notes.txt");
      assertThat(arrived.getByRole(AriaRole.ROW).nth(1)).containsText("replaced");
      assertThat(arrived.getByRole(AriaRole.ROW).nth(1)).containsText(stranger.substring(0, 7));
      assertThat(arrived.getByRole(AriaRole.ROW).nth(2)).containsText("trip/holiday photo.jpg");
      assertThat(arrived.getByRole(AriaRole.ROW).nth(2)).containsText("Alice");
      assertThat(arrived.getByRole(AriaRole.ROW).nth(2)).containsText("2.5 MB");
      page.screenshot(
          new Page.ScreenshotOptions().setPath(shots.resolve("share-1280.png")).setFullPage(true));
      assertThat(arrived.getByRole(AriaRole.ROW)).hasCount(21); // header + a page of 20
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older arrivals")).click();
      assertThat(arrived.getByRole(AriaRole.ROW).nth(1)).containsText("old/3.txt");
      assertThat(arrived.getByRole(AriaRole.ROW).last()).containsText("old/0.txt");
      assertThat(
              page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older arrivals")))
          .hasCount(0);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newest")).click();
      assertThat(arrived.getByRole(AriaRole.ROW).nth(1)).containsText("notes.txt");

      page.setViewportSize(390, 844);
      page.reload();
      assertThat(page.getByText("trip/holiday photo.jpg")).isVisible();
      assertThat(page.getByLabel("Keep free on disk")).isVisible();
      assertTrue(
          (Boolean) page.evaluate("document.documentElement.scrollWidth <= 390"),
          "nothing wider than a 390 px phone");
      page.screenshot(
          new Page.ScreenshotOptions().setPath(shots.resolve("share-390.png")).setFullPage(true));

      // Per-person limits on the Shares page.
      page.navigate(base + "/shares");
      page.getByLabel("Uploads at once").fill("65");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save limits")).click();
      assertThat(page.locator("#limits").getByRole(AriaRole.ALERT)).containsText("from 1 to 64");
      page.getByLabel("Uploads at once").fill("6");
      page.getByLabel("Speed limit per second").fill("10 MB");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save limits")).click();
      assertThat(page.locator("#limits").getByRole(AriaRole.STATUS)).containsText("Saved");
      assertTrue(
          (Boolean) page.evaluate("document.documentElement.scrollWidth <= 390"),
          "the Shares page fits a 390 px phone too");
      given()
          .get("/api/v1/settings/upload-limits")
          .then()
          .body("concurrentUploads", equalTo(6))
          .body("bytesPerSecond", equalTo(10_000_000));
    }
  }
}
