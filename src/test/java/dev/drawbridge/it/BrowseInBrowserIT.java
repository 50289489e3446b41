package dev.drawbridge.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** B's owner, in real Chromium, adds A as a contact, browses A's share and downloads a file. */
class BrowseInBrowserIT {
  @TempDir Path folders;

  @Test
  void ownerAddsContactBrowsesAndDownloads() throws Exception {
    assumeTrue(
        Browser.available(),
        "chromium not installed at " + Browser.CHROMIUM + " (.ci/run installs it)");
    byte[] photo = new byte[1_234_567];
    new Random(3).nextBytes(photo);
    Path pub = Files.createDirectories(folders.resolve("holiday"));
    Files.createDirectories(pub.resolve("day one"));
    Files.write(pub.resolve("day one/beach photo.raw"), photo);
    Files.writeString(pub.resolve("readme.txt"), "hi");

    try (PeerProcess a = PeerProcess.start("ui-a");
        PeerProcess b = PeerProcess.start("ui-b")) {
      a.awaitReady();
      b.awaitReady();
      String aName = a.api().get("/api/v1/identity").path("name");
      String aGrouped = a.api().get("/api/v1/identity").path("peerId");

      try (Playwright pw = Browser.playwright();
          var browser = Browser.launch(pw)) {
        BrowserContext ctx =
            browser.newContext(
                new com.microsoft.playwright.Browser.NewContextOptions().setAcceptDownloads(true));
        Page page = ctx.newPage();

        // A's owner shares the folder and grants B, through A's UI (htmx forms).
        page.navigate(a.uiUrl() + "/shares");
        page.getByLabel("Name").fill("holiday");
        page.getByLabel("Folder (absolute path)").fill(pub.toAbsolutePath().toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add share")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("holiday")))
            .isVisible();
        assertThat(page.getByText("Nobody yet")).isVisible();
        page.getByLabel("Peer").fill(b.peerId());
        page.getByLabel("Access").selectOption("READ");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Grant")).click();
        assertThat(
                page.getByRole(AriaRole.ROW)
                    .filter(
                        new com.microsoft.playwright.Locator.FilterOptions()
                            .setHasText(b.peerId())))
            .containsText("READ");
        Files.createDirectories(Path.of("target/screenshots"));
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/shares.png"))
                .setFullPage(true));

        // B's owner adds A, browses and downloads.
        page.navigate(b.uiUrl() + "/contacts");
        page.getByLabel("PeerId").fill(aGrouped);
        page.getByLabel("Address").fill(a.meshAddress());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add contact")).click();
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(aName)))
            .isVisible();
        assertThat(page.getByText("online"))
            .isVisible(
                new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                    .setTimeout(30_000));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Browse")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("holiday")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("day one/")).click();
        assertThat(
                page.getByRole(
                    AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Breadcrumb")))
            .containsText("day one");
        assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("1.2 MB")))
            .isVisible();

        Download download =
            page.waitForDownload(
                () ->
                    page.getByRole(
                            AriaRole.LINK, new Page.GetByRoleOptions().setName("beach photo.raw"))
                        .click());
        Path saved = folders.resolve("downloaded.raw");
        download.saveAs(saved);
        assertArrayEquals(photo, Files.readAllBytes(saved));
        org.junit.jupiter.api.Assertions.assertEquals(
            "beach photo.raw", download.suggestedFilename());

        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/browse-contact.png"))
                .setFullPage(true));

        // Download the whole folder into a folder picked in the UI, and watch the job finish live.
        Path inbox = Files.createDirectories(folders.resolve("picked/inbox"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("holiday").setExact(true))
            .click();
        page.getByLabel("Save into").fill("not/absolute");
        page.getByRole(
                AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download this folder to this computer"))
            .click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("must be an absolute folder path");
        page.getByLabel("Save into").fill(folders.toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Choose folder…"))
            .click();
        page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName("picked").setExact(true))
            .click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("inbox").setExact(true))
            .click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use this folder"))
            .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText(inbox.toString());
        assertThat(page.getByLabel("Save into")).hasValue(inbox.toString());
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/destination.png"))
                .setFullPage(true));
        page.getByRole(
                AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download this folder to this computer"))
            .click();
        try {
          page.waitForURL(b.uiUrl() + "/transfers");
        } catch (RuntimeException e) {
          page.screenshot(
              new Page.ScreenshotOptions()
                  .setPath(Path.of("target/screenshots/failure.png"))
                  .setFullPage(true));
          throw new AssertionError(
              "not on /transfers but " + page.url() + ": " + page.content(), e);
        }
        assertThat(page.locator("[data-state]").first())
            .containsText(
                "completed",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                    .setTimeout(60_000));
        assertThat(page.locator("progress").first()).hasJSProperty("value", 100);
        assertArrayEquals(
            photo, Files.readAllBytes(inbox.resolve("holiday/day one/beach photo.raw")));
        assertThat(page.getByText("into " + inbox)).isVisible();
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/transfers.png"))
                .setFullPage(true));
        page.navigate(b.uiUrl() + "/");
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/identity.png"))
                .setFullPage(true));
      }
    }
  }
}
