package dev.drawbridge.it;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright; nothing is downloaded (the project's scripts install
 * chromium).
 */
public final class Browser {
  public static final Path CHROMIUM =
      Path.of(System.getProperty("drawbridge.chromium", "/usr/bin/chromium"));

  private Browser() {}

  public static boolean available() {
    return Files.isExecutable(CHROMIUM);
  }

  public static Playwright playwright() {
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  public static com.microsoft.playwright.Browser launch(Playwright pw) {
    return pw.chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setArgs(
                    List.of(
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--disable-quic")));
  }
}
