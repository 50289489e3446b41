package dev.drawbridge.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.drawbridge.it.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Real Chromium on the browse page of the test peer's own shares (it is its own contact): a folder
 * with nested files chosen with the folder button arrives byte-identical on the host's disk; a READ
 * share shows no upload control; files dropped on the drop zone arrive too; a name that exists is
 * saved as "name (1)" and the page says so.
 */
@QuarkusTest
class UploadInBrowserTest {
  @TestHTTPResource("/")
  URL ui;

  @Test
  void folderUploadArrivesByteIdenticalAndReadSharesOfferNoUpload() throws Exception {
    assumeTrue(Browser.available(), "chromium not installed at " + Browser.CHROMIUM);
    OwnShares own = new OwnShares();
    Path host = Files.createTempDirectory("host-rw");
    Path readOnly = Files.createTempDirectory("host-ro");
    Files.writeString(host.resolve("notes.txt"), "already here");
    Files.writeString(readOnly.resolve("keep.txt"), "mine"); // before the share, as people do
    String rw = own.share(host, "READ_WRITE");
    String ro = own.share(readOnly, "READ");

    Path picked = Files.createTempDirectory("picked").resolve("holiday");
    Files.createDirectories(picked.resolve("day one/evening"));
    byte[] photo = new byte[9 * 1024 * 1024 + 5]; // more than one 8 MiB slice
    new Random(7).nextBytes(photo);
    Files.write(picked.resolve("day one/beach.raw"), photo);
    Files.writeString(picked.resolve("day one/evening/sunset.txt"), "orange");
    Files.writeString(picked.resolve("list.txt"), "towels");
    Path single = Files.createTempDirectory("single").resolve("notes.txt");
    Files.writeString(single, "from the browser");

    String base = ui.toString().replaceAll("/$", "");
    try (Playwright pw = Browser.playwright();
        var browser = Browser.launch(pw)) {
      Page page = browser.newPage();
      page.navigate(base + "/browse/" + own.me + "/" + ro + "/");
      assertThat(
              page.getByRole(
                  AriaRole.LINK, new Page.GetByRoleOptions().setName("keep.txt").setExact(true)))
          .isVisible();
      assertThat(page.locator("#upload")).hasCount(0);
      assertThat(
              page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload files")))
          .hasCount(0);

      page.navigate(base + "/browse/" + own.me + "/" + rw + "/");
      assertThat(
              page.getByRole(
                  AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload a folder")))
          .isVisible();
      page.locator("#upload-folder").setInputFiles(picked);
      LocatorAssertions.ContainsTextOptions slow =
          new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
      assertThat(page.locator("#upload-rows li.done"))
          .hasCount(3, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
      assertArrayEquals(photo, Files.readAllBytes(host.resolve("holiday/day one/beach.raw")));
      assertArrayEquals(
          "orange".getBytes(),
          Files.readAllBytes(host.resolve("holiday/day one/evening/sunset.txt")));
      assertArrayEquals("towels".getBytes(), Files.readAllBytes(host.resolve("holiday/list.txt")));
      // The listing refreshes by itself and shows the new folder.
      assertThat(page.locator("table.listing")).containsText("holiday/", slow);

      page.locator("#upload-files").setInputFiles(single);
      assertThat(page.locator("#upload-rows"))
          .containsText("A file named notes.txt already exists — saved as notes (1).txt", slow);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(host.resolve("notes (1).txt")));
      assertArrayEquals(
          "from the browser".getBytes(), Files.readAllBytes(host.resolve("notes (1).txt")));
      assertArrayEquals("already here".getBytes(), Files.readAllBytes(host.resolve("notes.txt")));

      // Files dropped on the drop zone take the same way (a page cannot fake a dropped folder:
      // only a real drag from the desktop carries one; the folder button covers that path).
      var dropped =
          page.evaluateHandle(
              "() => { const dt = new DataTransfer();"
                  + " dt.items.add(new File(['dropped one'], 'dropped-1.txt'));"
                  + " dt.items.add(new File(['dropped two'], 'dropped-2.txt'));"
                  + " return dt; }");
      page.locator("#dropzone").dispatchEvent("drop", Map.of("dataTransfer", dropped));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Files.exists(host.resolve("dropped-1.txt"))
                      && Files.exists(host.resolve("dropped-2.txt")));
      assertArrayEquals(
          "dropped one".getBytes(), Files.readAllBytes(host.resolve("dropped-1.txt")));
      assertArrayEquals(
          "dropped two".getBytes(), Files.readAllBytes(host.resolve("dropped-2.txt")));

      page.getByLabel("New folder").fill("drafts");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create folder")).click();
      assertThat(page.locator("#upload-notice")).containsText("Folder drafts created", slow);
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.isDirectory(host.resolve("drafts")));

      Files.createDirectories(Path.of("target/screenshots"));
      page.setViewportSize(1280, 900);
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(Path.of("target/screenshots/upload-1280.png"))
              .setFullPage(true));
      page.setViewportSize(390, 844);
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(Path.of("target/screenshots/upload-390.png"))
              .setFullPage(true));
    }
  }
}
