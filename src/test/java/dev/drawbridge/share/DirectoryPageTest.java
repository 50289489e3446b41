package dev.drawbridge.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.share.DirectoryPage.Entry;
import dev.drawbridge.share.DirectoryPage.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryPageTest {
  // On tmpfs where available: the big-folder tests create tens of thousands of files.
  @TempDir(factory = RamTempDir.class)
  Path dir;

  @Test
  void sortsByJavaStringOrder() throws IOException {
    for (String name : List.of("b", "a", "C", "é", "10", "9", ".hidden", "😜", "\uFF0E")) {
      Files.createFile(dir.resolve(name));
    }
    DirectoryPage page = DirectoryPage.list(dir, null, 100);
    // UTF-16 code unit order: uppercase before lowercase, "10" before "9", and the emoji's
    // surrogate (U+D83D) before the fullwidth dot (U+FF0E) though its code point is larger.
    assertEquals(List.of(".hidden", "10", "9", "C", "a", "b", "é", "😜", "\uFF0E"), names(page));
    assertNull(page.next());
  }

  @Test
  void describesFilesAndDirectories() throws IOException {
    Path file = Files.writeString(dir.resolve("five.txt"), "12345");
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.writeString(sub.resolve("inner"), "not counted in the dir's size");
    Instant precise = Instant.parse("2024-05-06T07:08:09.123456789Z");
    Files.setLastModifiedTime(file, FileTime.from(precise));

    List<Entry> entries = DirectoryPage.list(dir, null, 10).entries();

    assertEquals(
        List.of(
            new Entry("five.txt", Type.FILE, 5, Instant.parse("2024-05-06T07:08:09.123Z")),
            new Entry("sub", Type.DIR, 0, entries.get(1).modified())),
        entries);
    assertEquals(0, entries.get(1).modified().getNano() % 1_000_000, "truncated to milliseconds");
  }

  @Test
  void paginates2500FilesInThreePages() throws IOException {
    TreeSet<String> want = createFiles(2_500);
    List<DirectoryPage> pages = allPages(1000);
    assertEquals(List.of(1000, 1000, 500), pages.stream().map(p -> p.entries().size()).toList());
    assertEquals(new ArrayList<>(want), pages.stream().flatMap(p -> names(p).stream()).toList());
  }

  @Test
  void paginates20000Files() throws IOException {
    TreeSet<String> want = createFiles(20_000);
    List<DirectoryPage> pages = allPages(DirectoryPage.MAX_LIMIT);
    assertEquals(20, pages.size());
    assertEquals(new ArrayList<>(want), pages.stream().flatMap(p -> names(p).stream()).toList());
  }

  @Test
  void skipsSymlinksSpecialFilesHostileNamesAndOurPartials() throws Exception {
    Files.createFile(dir.resolve("keep.txt"));
    Files.createDirectory(dir.resolve("keep-dir"));
    Files.createFile(dir.resolve(".hidden-is-fine"));
    Files.createSymbolicLink(dir.resolve("link-file"), Path.of("keep.txt"));
    Files.createSymbolicLink(dir.resolve("link-dir"), Path.of("keep-dir"));
    Files.createSymbolicLink(dir.resolve("link-out"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
    // Legal on Linux, refused by SharePath: a peer could never ask for them, so never show them.
    List<String> hostileNames =
        List.of(
            "CON", "nul.txt", "a:b", "what?", "trail.", "trail ", "new\nline", "back\\slash", "|");
    for (String hostile : hostileNames) {
      Files.createFile(dir.resolve(hostile));
    }
    Files.createFile(dir.resolve(".drawbridge-upload-1234"));
    Files.createDirectory(dir.resolve(".drawbridge-"));
    ShareRootTest.mkfifo(dir.resolve("pipe")); // skipped either way; fine if mkfifo is missing

    DirectoryPage page = DirectoryPage.list(dir, null, 100);

    assertEquals(List.of(".hidden-is-fine", "keep-dir", "keep.txt"), names(page));
    assertNull(page.next());
  }

  @Test
  void shortPageStillPointsPastSkippedEntries() throws IOException {
    // Candidates are picked by name before the stat, so the first page here is all symlinks.
    Files.createSymbolicLink(dir.resolve("a1"), Path.of("b"));
    Files.createSymbolicLink(dir.resolve("a2"), Path.of("b"));
    Files.createFile(dir.resolve("b"));
    Files.createFile(dir.resolve("c"));

    DirectoryPage first = DirectoryPage.list(dir, null, 2);
    assertEquals(List.of(), first.entries());
    assertNotNull(first.next(), "more entries follow");
    DirectoryPage second = DirectoryPage.list(dir, first.next(), 2);
    assertEquals(List.of("b", "c"), names(second));
    assertNull(second.next());
  }

  @Test
  void cursorIsANameSoChangesBetweenPagesDoNotSkipOrRepeat() throws IOException {
    createFiles(10); // f00000 .. f00009
    DirectoryPage first = DirectoryPage.list(dir, null, 5);
    assertEquals("f00004", last(first));
    Files.delete(dir.resolve("f00004")); // the cursor's own name vanishes
    Files.createFile(dir.resolve("f00002x")); // a newcomer before the cursor
    Files.createFile(dir.resolve("f00007x")); // a newcomer after it
    DirectoryPage second = DirectoryPage.list(dir, first.next(), 5);
    assertEquals(List.of("f00005", "f00006", "f00007", "f00007x", "f00008"), names(second));
    assertEquals(List.of("f00009"), names(DirectoryPage.list(dir, second.next(), 5)));
  }

  @Test
  void clampsTheLimit() throws IOException {
    createFiles(1_001);
    assertEquals(1, DirectoryPage.list(dir, null, 0).entries().size());
    assertEquals(1, DirectoryPage.list(dir, null, -7).entries().size());
    DirectoryPage big = DirectoryPage.list(dir, null, Integer.MAX_VALUE);
    assertEquals(DirectoryPage.MAX_LIMIT, big.entries().size());
    assertNotNull(big.next());
  }

  @Test
  void cursorIsUnpaddedBase64UrlOfTheName() throws IOException {
    createFiles(3);
    DirectoryPage page = DirectoryPage.list(dir, null, 2);
    byte[] utf8 = "f00001".getBytes(StandardCharsets.UTF_8);
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8), page.next());
  }

  @Test
  void emptyDirectory() throws IOException {
    DirectoryPage page = DirectoryPage.list(dir, null, 10);
    assertEquals(List.of(), page.entries());
    assertNull(page.next());
  }

  @Test
  void notADirectory() throws IOException {
    Path file = Files.createFile(dir.resolve("file"));
    assertThrows(NotDirectoryException.class, () -> DirectoryPage.list(file, null, 10));
  }

  @ParameterizedTest(name = "reject_cursor_{0}")
  @ValueSource(
      strings = {
        "", // empty
        "!!!", // not base64
        "a+b/", // standard, not URL-safe, alphabet
        "ZjAwMDAx=", // padded
        "Z", // impossible length
        "_w", // 0xFF: not UTF-8
        "Li4", // "..": a name we would never issue
        "YS9i", // "a/b"
        "Q09O", // "CON"
        "ZjAwMDAy_", // trailing junk
      })
  void refusesBadCursors(String cursor) throws IOException {
    createFiles(3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DirectoryPage.list(dir, cursor, 10));
    assertEquals("bad cursor", e.getMessage());
  }

  @Test
  void refusesOverlongCursor() {
    String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[300]);
    assertThrows(IllegalArgumentException.class, () -> DirectoryPage.list(dir, cursor, 10));
  }

  /** Creates f00000.. in shuffled-by-the-filesystem order; returns the names sorted. */
  private TreeSet<String> createFiles(int n) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      String name = String.format("f%05d", i);
      Files.createFile(dir.resolve(name));
      names.add(name);
    }
    return names;
  }

  private List<DirectoryPage> allPages(int limit) throws IOException {
    List<DirectoryPage> pages = new ArrayList<>();
    String cursor = null;
    do {
      DirectoryPage page = DirectoryPage.list(dir, cursor, limit);
      pages.add(page);
      cursor = page.next();
      assertTrue(pages.size() <= 1_000, "pagination must terminate");
    } while (cursor != null);
    return pages;
  }

  private static List<String> names(DirectoryPage page) {
    return page.entries().stream().map(Entry::name).toList();
  }

  private static String last(DirectoryPage page) {
    return page.entries().get(page.entries().size() - 1).name();
  }
}
