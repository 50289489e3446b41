package dev.drawbridge.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ShareRoot} against a real temporary tree:
 *
 * <pre>
 * tmp/outside/secret.txt          what an attacker wants
 * tmp/share/                      the share root
 * tmp/share/readme.txt
 * tmp/share/docs/notes.txt
 * tmp/share/link-out      -> ../outside/secret.txt
 * tmp/share/link-in       -> readme.txt
 * tmp/share/link-dir-out  -> ../outside
 * tmp/share/link-dir-in   -> docs
 * tmp/share/dangling      -> ../outside/not-yet
 * </pre>
 */
class ShareRootTest {
  @TempDir Path tmp;
  Path share;
  ShareRoot root;

  @BeforeEach
  void tree() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    share = Files.createDirectories(tmp.resolve("share"));
    Files.writeString(share.resolve("readme.txt"), "hello");
    Files.createDirectories(share.resolve("docs"));
    Files.writeString(share.resolve("docs/notes.txt"), "notes");
    Files.createSymbolicLink(share.resolve("link-out"), Path.of("../outside/secret.txt"));
    Files.createSymbolicLink(share.resolve("link-in"), Path.of("readme.txt"));
    Files.createSymbolicLink(share.resolve("link-dir-out"), Path.of("../outside"));
    Files.createSymbolicLink(share.resolve("link-dir-in"), Path.of("docs"));
    Files.createSymbolicLink(share.resolve("dangling"), Path.of("../outside/not-yet"));
    root = new ShareRoot(share);
  }

  @Test
  void keepsTheRealFolder() throws IOException {
    Path viaLink = Files.createSymbolicLink(tmp.resolve("share-link"), share);
    assertEquals(share.toRealPath(), new ShareRoot(viaLink).folder());
  }

  @Test
  void refusesAFolderThatIsNotADirectory() {
    assertThrows(IOException.class, () -> new ShareRoot(share.resolve("readme.txt")));
    assertThrows(IOException.class, () -> new ShareRoot(tmp.resolve("missing")));
  }

  @Test
  void resolvesOrdinaryPaths() throws Exception {
    assertEquals(root.folder(), root.resolveExisting(SharePath.ROOT));
    assertEquals(
        root.folder().resolve("readme.txt"), root.resolveExisting(SharePath.parse("readme.txt")));
    assertEquals(
        root.folder().resolve("docs"), root.resolveExisting(SharePath.parseEncoded("docs/")));
    assertEquals(
        "notes", Files.readString(root.resolveExisting(SharePath.parse("docs/notes.txt"))));
  }

  @ParameterizedTest(name = "reject_{0}")
  @ValueSource(
      strings = {
        "link-out", // symlink to a file outside
        "link-in", // symlink to a file inside: still refused, links are never followed
        "link-dir-out/secret.txt", // directory component is a symlink leaving the share
        "link-dir-in/notes.txt", // directory component is a symlink staying inside
        "link-dir-out", // the symlinked directory itself
        "dangling", // symlink to nothing (yet)
        "missing.txt",
        "docs/missing.txt",
        "readme.txt/x", // a file used as a directory
      })
  void refusesWithNoSuchFile(String path) throws Exception {
    SharePath p = SharePath.parse(path);
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> root.resolveExisting(p));
    assertNoHostPath(e);
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
  }

  @Test
  void refusesAFifo() throws Exception {
    Path fifo = share.resolve("pipe");
    Assumptions.assumeTrue(mkfifo(fifo), "mkfifo not available");
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class, () -> root.resolveExisting(SharePath.parse("pipe")));
    assertNoHostPath(e);
    assertThrows(BadPathException.class, () -> root.resolveForCreate(SharePath.parse("pipe")));
  }

  /** Every hostile spelling is refused by the parser, or else it resolves (if at all) inside. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.drawbridge.share.SharePathTest#hostile")
  void hostileInputNeverLeavesTheShare(
      String name, SharePathTest.Parse how, String input, String reason) {
    SharePath p;
    try {
      p = how.apply(input);
    } catch (BadPathException expected) {
      assertFalse(expected.getMessage().contains(tmp.toString()));
      return;
    }
    try {
      assertTrue(root.resolveExisting(p).startsWith(root.folder()));
    } catch (BadPathException | NoSuchFileException e) {
      assertNoHostPath(e);
    }
  }

  @Test
  void lookalikeNamesResolveInside() throws Exception {
    // Fullwidth dots are ordinary characters on Linux; a double-encoded dotdot is a literal name.
    Files.writeString(share.resolve("\uFF0E\uFF0E"), "fw");
    Files.createDirectories(share.resolve("%2e%2e"));
    Files.writeString(share.resolve("%2e%2e/x"), "literal");
    Files.writeString(share.resolve("..foo"), "dots");

    Path fw = root.resolveExisting(SharePath.parseEncoded("%EF%BC%8E%EF%BC%8E"));
    assertEquals(root.folder().resolve("\uFF0E\uFF0E"), fw);
    assertEquals("fw", Files.readString(fw));
    Path literal = root.resolveExisting(SharePath.parseEncoded("%252e%252e/x"));
    assertEquals(root.folder().resolve("%2e%2e").resolve("x"), literal);
    assertEquals("literal", Files.readString(literal));
    assertEquals("dots", Files.readString(root.resolveExisting(SharePath.parse("..foo"))));
    // And the fullwidth name used as a directory component goes nowhere but inside.
    assertThrows(
        NoSuchFileException.class,
        () -> root.resolveExisting(SharePath.parse("\uFF0E\uFF0E/outside")));
  }

  // --- resolveForCreate ---

  @Test
  void createsNewNamesInRealDirectories() throws Exception {
    assertEquals(
        root.folder().resolve("new.txt"), root.resolveForCreate(SharePath.parse("new.txt")));
    assertEquals(
        root.folder().resolve("docs/new.txt"),
        root.resolveForCreate(SharePath.parse("docs/new.txt")));
    // Overwriting an existing regular file is the caller's policy, not ours.
    assertEquals(
        root.folder().resolve("readme.txt"), root.resolveForCreate(SharePath.parse("readme.txt")));
  }

  @ParameterizedTest(name = "reject_create_{0}")
  @ValueSource(
      strings = {
        "missing-dir/new.txt", // parent does not exist
        "readme.txt/new.txt", // parent is a file
        "link-dir-out/new.txt", // parent is a symlink leaving the share
        "link-dir-in/new.txt", // parent is a symlink staying inside
      })
  void createRefusesBadParents(String path) throws Exception {
    SharePath p = SharePath.parse(path);
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> root.resolveForCreate(p));
    assertNoHostPath(e);
  }

  @ParameterizedTest(name = "reject_create_over_{0}")
  @ValueSource(strings = {"docs", "link-out", "link-in", "dangling", "link-dir-in"})
  void createRefusesDirectoriesAndSymlinks(String path) throws Exception {
    // "dangling" matters most: writing through it would create a file outside the share.
    SharePath p = SharePath.parse(path);
    BadPathException e = assertThrows(BadPathException.class, () -> root.resolveForCreate(p));
    assertFalse(e.getMessage().contains(tmp.toString()));
    assertFalse(Files.exists(tmp.resolve("outside/not-yet")));
  }

  @Test
  void createRefusesTheRoot() {
    assertThrows(BadPathException.class, () -> root.resolveForCreate(SharePath.ROOT));
  }

  private void assertNoHostPath(Exception e) {
    String message = String.valueOf(e.getMessage());
    assertFalse(message.contains(tmp.toString()), message);
    assertFalse(message.contains(root.folder().toString()), message);
  }

  static boolean mkfifo(Path at) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
      return p.waitFor() == 0 && Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return false;
    }
  }
}
