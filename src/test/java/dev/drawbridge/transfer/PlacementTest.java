package dev.drawbridge.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Moving a verified file into place: free names, no overwrites, the origin tag. */
class PlacementTest {
  @TempDir Path dir;

  Path partial(String content) throws IOException {
    return Files.writeString(PartialFile.partialFor(dir, "p" + System.nanoTime()), content);
  }

  @ParameterizedTest(name = "{0} taken once -> {1}, twice -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a.txt          | a (1).txt          | a (2).txt",
        "archive.tar.gz | archive (1).tar.gz | archive (2).tar.gz",
        ".bashrc        | .bashrc (1)        | .bashrc (2)",
        "README         | README (1)         | README (2)",
        ".config.json   | .config (1).json   | .config (2).json",
        "v1.2.report.pdf| v1.2.report (1).pdf| v1.2.report (2).pdf",
      })
  void picksTheNextFreeNameKeepingTheExtension(String name, String second, String third)
      throws IOException {
    assertEquals(dir.resolve(name), Placement.place(partial("one"), dir, name, null));
    assertEquals(dir.resolve(second), Placement.place(partial("two"), dir, name, null));
    assertEquals(dir.resolve(third), Placement.place(partial("three"), dir, name, null));
    assertEquals("one", Files.readString(dir.resolve(name)));
    assertEquals("two", Files.readString(dir.resolve(second)));
  }

  @Test
  void neverOverwritesAnExistingFileAndRemovesThePartial() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "precious");
    Files.writeString(dir.resolve("a (1).txt"), "also precious");
    Path partial = partial("new");

    Path placed = Placement.place(partial, dir, "a.txt", null);

    assertEquals(dir.resolve("a (2).txt"), placed);
    assertEquals("precious", Files.readString(dir.resolve("a.txt")));
    assertEquals("also precious", Files.readString(dir.resolve("a (1).txt")));
    assertEquals("new", Files.readString(placed));
    assertFalse(Files.exists(partial));
  }

  @Test
  void skipsANameTakenByAFolder() throws IOException {
    Files.createDirectory(dir.resolve("photos"));

    assertEquals(dir.resolve("photos (1)"), Placement.place(partial("x"), dir, "photos", null));
  }

  @Test
  void sanitizesTheNameItIsGiven() throws IOException {
    Path placed = Placement.place(partial("x"), dir, "../../etc/passwd", null);

    assertEquals(dir.resolve(".._.._etc_passwd"), placed);
    assertEquals(List.of(placed), Files.list(dir).toList());
  }

  @Test
  void createsTheDestinationFolder() throws IOException {
    Path placed = Placement.place(partial("x"), dir.resolve("new/deep"), "f.bin", null);

    assertEquals("x", Files.readString(placed));
  }

  @Test
  void tagsTheFileWithItsOriginWhereTheFileSystemAllows() throws IOException {
    Path placed =
        Placement.place(
            partial("x"), dir, "tagged.txt", "https://peer.example/shares/s/tagged.txt");

    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(placed, UserDefinedFileAttributeView.class);
    Assumptions.assumeTrue(
        supportsUserAttributes(Files.writeString(dir.resolve("probe"), "")),
        "this file system refuses user xattrs");
    ByteBuffer value = ByteBuffer.allocate(view.size("xdg.origin.url"));
    view.read("xdg.origin.url", value);
    assertEquals(
        "https://peer.example/shares/s/tagged.txt",
        new String(value.array(), StandardCharsets.UTF_8));
  }

  @Test
  void refusesToPlaceAPartialFileThatIsNotThere() {
    assertThrows(
        IOException.class, () -> Placement.place(dir.resolve("missing"), dir, "a.txt", null));
  }

  @Test
  void namesPartialFilesHiddenAndRefusesOddIds() {
    assertEquals(
        dir.resolve(".drawbridge-42_ab-C.partial"), PartialFile.partialFor(dir, "42_ab-C"));
    assertThrows(IllegalArgumentException.class, () -> PartialFile.partialFor(dir, "../x"));
    assertThrows(IllegalArgumentException.class, () -> PartialFile.partialFor(dir, ""));
  }

  private static boolean supportsUserAttributes(Path probe) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
    try {
      return view != null && view.write("probe", ByteBuffer.wrap(new byte[] {1})) == 1;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
