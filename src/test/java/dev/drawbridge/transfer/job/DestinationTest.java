package dev.drawbridge.transfer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationTest {
  @TempDir Path tmp;

  /** {@code @TMP} stands for a fresh temporary folder holding a file {@code note.txt}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "relative_path       | downloads/here             | must be an absolute folder path",
        "dot_relative        | ./here                     | must be an absolute folder path",
        "traversal           | @TMP/a/../../etc           | must not contain \"..\"",
        "traversal_at_end    | @TMP/..                    | must not contain \"..\"",
        "a_file_not_a_folder | @TMP/note.txt              | is a file, not a folder",
        "below_a_file        | @TMP/note.txt/inside       | is a file, not a folder",
        "unwritable_folder   | /proc                      | cannot write into /proc",
        "not_creatable       | /proc/drawbridge/downloads | is not writable",
        "nul_character       | @TMP/a\u0000b              | not a valid path"
      })
  void refusesWithAClearReason(String name, String requested, String reason) throws Exception {
    Files.writeString(tmp.resolve("note.txt"), "x");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Destination.resolve(requested.replace("@TMP", tmp.toString()), tmp));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void acceptsAnExistingWritableFolderNormalized() {
    assertEquals(tmp, Destination.resolve(tmp + "/./", Path.of("/unused")));
  }

  @Test
  void acceptsAFolderThatCanBeCreatedWithoutCreatingIt() {
    Path later = tmp.resolve("new/deeper");
    assertEquals(later, Destination.resolve(" " + later + " ", Path.of("/unused")));
    assertTrue(Files.notExists(tmp.resolve("new")), "checked, not created");
  }

  @Test
  void blankMeansTheConfiguredFolder() {
    assertEquals(tmp, Destination.resolve("  ", tmp));
    assertEquals(tmp, Destination.resolve(null, tmp));
  }

  @Test
  void leavesNoProbeBehind() throws Exception {
    Destination.resolve(tmp.toString(), tmp);
    try (var s = Files.list(tmp)) {
      assertEquals(0, s.count());
    }
  }
}
