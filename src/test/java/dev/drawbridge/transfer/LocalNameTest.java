package dev.drawbridge.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.share.SharePath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever name a peer sends, what we create locally is one safe, portable segment. */
class LocalNameTest {
  static final String LONG_STEM = "x".repeat(300);
  static final String LONG_UNICODE = "\u00e9".repeat(200); // 400 bytes, 2 per character

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("plain name", "report.pdf", "report.pdf"),
        Arguments.of("spaces inside kept", "my holiday photo.jpg", "my holiday photo.jpg"),
        Arguments.of("unicode kept", "Ærøskøbing – café ☕.txt", "Ærøskøbing – café ☕.txt"),
        Arguments.of("emoji kept", "party \uD83C\uDF89.png", "party \uD83C\uDF89.png"),
        Arguments.of("CJK kept", "報告書.docx", "報告書.docx"),
        Arguments.of("dotfile kept", ".bashrc", ".bashrc"),
        Arguments.of("empty", "", "_"),
        Arguments.of("null", null, "_"),
        Arguments.of("dot", ".", "_"),
        Arguments.of("dot dot", "..", "_"),
        Arguments.of("only dots", "....", "_"),
        Arguments.of("only spaces", "   ", "_"),
        Arguments.of("trailing dot", "notes.", "notes"),
        Arguments.of("trailing dots and spaces", "notes . . ", "notes"),
        Arguments.of("slash", "a/b", "a_b"),
        Arguments.of("backslash path", "Photos\\Cats\\1.jpg", "Photos_Cats_1.jpg"),
        Arguments.of("UNC prefix", "\\\\server\\share", "__server_share"),
        Arguments.of("drive letter", "C:evil.txt", "C_evil.txt"),
        Arguments.of("NTFS stream", "file.txt:hidden", "file.txt_hidden"),
        Arguments.of("Windows specials", "a<b>c\"d|e?f*g", "a_b_c_d_e_f_g"),
        Arguments.of("control characters", "line\nbreak\ttab\u0000nul", "line_break_tab_nul"),
        Arguments.of("DEL and C1 controls", "a\u007Fb\u0085c", "a_b_c"),
        Arguments.of("bidi override spoof", "invoice\u202Egpj.exe", "invoice_gpj.exe"),
        Arguments.of("lone surrogate", "bad\uD800name", "bad_name"),
        Arguments.of("CON", "CON", "_CON"),
        Arguments.of("con with extension", "con.txt", "_con.txt"),
        Arguments.of("NUL with double extension", "NUL.tar.gz", "_NUL.tar.gz"),
        Arguments.of("COM1", "COM1", "_COM1"),
        Arguments.of("lpt9 with extension", "lpt9.log", "_lpt9.log"),
        Arguments.of("COM superscript", "COM\u00B9.txt", "_COM\u00B9.txt"),
        Arguments.of("device with trailing space", "AUX .txt", "_AUX .txt"),
        Arguments.of("device-like but longer", "CONSOLE.txt", "CONSOLE.txt"),
        Arguments.of("COM10 is no device", "COM10", "COM10"),
        Arguments.of("300 bytes with extension", LONG_STEM + ".txt", "x".repeat(251) + ".txt"),
        Arguments.of(
            "300 bytes, double extension", LONG_STEM + ".tar.gz", "x".repeat(248) + ".tar.gz"),
        Arguments.of("300 bytes, no extension", LONG_STEM, "x".repeat(255)),
        Arguments.of(
            "long two-byte characters cut whole",
            LONG_UNICODE + ".md",
            "\u00e9".repeat(126) + ".md"),
        Arguments.of("long extension is not kept whole", "a." + LONG_STEM, "a." + "x".repeat(253)),
        Arguments.of("traversal attempt", "../../etc/passwd", ".._.._etc_passwd"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void makesTheNameSafe(String description, String remote, String expected) {
    String local = LocalName.of(remote);

    assertEquals(expected, local);
    assertTrue(local.getBytes(StandardCharsets.UTF_8).length <= 255);
    assertTrue(SharePath.isAcceptableName(local), "a host would accept " + local);
    assertEquals(local, LocalName.of(local), "sanitizing twice changes nothing");
  }

  @Test
  void keepsTheFolderStructureBelowTheSharedRoot() {
    assertEquals(List.of("Photos", "Cats", "cute.jpg"), LocalName.relative("Photos/Cats/cute.jpg"));
  }

  @Test
  void neverMakesAnAbsoluteOrClimbingPath() {
    assertEquals(List.of("etc", "passwd"), LocalName.relative("/etc/passwd"));
    assertEquals(List.of("_", "_", "secret"), LocalName.relative("../../secret"));
    assertEquals(List.of("a", "b"), LocalName.relative("a//b/"));
    assertEquals(List.of("_", "CON_"), LocalName.relative("./CON:"));
  }

  @Test
  void neverReturnsNoSegmentAtAll() {
    assertEquals(List.of("_"), LocalName.relative(""));
    assertEquals(List.of("_"), LocalName.relative("///"));
  }
}
