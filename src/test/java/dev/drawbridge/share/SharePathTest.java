package dev.drawbridge.share;

import static dev.drawbridge.share.PathSamples.depth;
import static dev.drawbridge.share.PathSamples.hexAll;
import static dev.drawbridge.share.PathSamples.pathOfBytes;
import static dev.drawbridge.share.SharePathTest.Parse.DECODED;
import static dev.drawbridge.share.SharePathTest.Parse.ENCODED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table tests for {@link SharePath}: every hostile spelling a peer might send is refused with the
 * expected reason, and the ordinary names that look a bit like them are accepted unchanged.
 */
class SharePathTest {

  /** Which parser a case goes through: the raw URL tail, or an already-decoded string (JSON). */
  enum Parse {
    ENCODED,
    DECODED;

    SharePath apply(String input) throws BadPathException {
      return this == ENCODED ? SharePath.parseEncoded(input) : SharePath.parse(input);
    }
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        // Traversal, plain and encoded.
        reject("reject_dotdot_segment", ENCODED, "..", "'.' and '..'"),
        reject("reject_dotdot_etc_passwd", ENCODED, "../etc/passwd", "'.' and '..'"),
        reject("reject_dotdot_escape_out", ENCODED, "a/../../b", "'.' and '..'"),
        reject("reject_dotdot_after_valid", DECODED, "docs/photos/../../../../etc", "'.' and '..'"),
        reject("reject_encoded_dotdot", ENCODED, "%2e%2e", "'.' and '..'"),
        reject("reject_encoded_dotdot_mixed_case", ENCODED, "%2E%2e/x", "'.' and '..'"),
        reject("reject_half_encoded_dotdot", ENCODED, ".%2e", "'.' and '..'"),
        reject("reject_encoded_dotdot_in_middle", ENCODED, "a/%2e%2e/b", "'.' and '..'"),
        reject("reject_dot", ENCODED, ".", "'.' and '..'"),
        reject("reject_dot_prefix", ENCODED, "./a", "'.' and '..'"),
        reject("reject_dot_suffix", ENCODED, "a/.", "'.' and '..'"),
        reject("reject_encoded_dot", ENCODED, "%2e", "'.' and '..'"),
        reject("reject_dot_decoded", DECODED, "a/./b", "'.' and '..'"),
        // Separators hidden inside a segment.
        reject("reject_dotdot_encoded_slash", ENCODED, "..%2f", "encoded slash"),
        reject("reject_encoded_slash_in_segment", ENCODED, "a%2fb", "encoded slash"),
        reject("reject_encoded_slash_upper", ENCODED, "a%2Fb", "encoded slash"),
        reject(
            "reject_fully_encoded_traversal",
            ENCODED,
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "encoded slash"),
        reject("reject_dotdot_encoded_backslash", ENCODED, "..%5c", "encoded backslash"),
        reject("reject_encoded_backslash_upper", ENCODED, "a%5Cb", "encoded backslash"),
        reject(
            "reject_unc_encoded_backslashes", ENCODED, "%5c%5cserver%5cshare", "encoded backslash"),
        reject("reject_backslash_literal", DECODED, "a\\b", "backslash"),
        reject("reject_backslash_literal_in_url", ENCODED, "a\\b", "backslash"),
        reject("reject_backslash_traversal", DECODED, "..\\..\\windows", "backslash"),
        // NUL and control characters.
        reject("reject_encoded_nul", ENCODED, "%00", "encoded NUL"),
        reject("reject_encoded_nul_truncation", ENCODED, "a.txt%00.jpg", "encoded NUL"),
        reject("reject_literal_nul", DECODED, "a\u0000b", "NUL character"),
        reject("reject_literal_nul_in_url", ENCODED, "a\u0000b", "NUL character"),
        reject("reject_control_0x01", DECODED, "\u0001", "control character"),
        reject("reject_encoded_control_0x01", ENCODED, "%01", "control character"),
        reject("reject_encoded_newline", ENCODED, "%0a", "control character"),
        reject("reject_encoded_cr", ENCODED, "%0d", "control character"),
        reject("reject_encoded_tab", ENCODED, "a%09b", "control character"),
        reject("reject_encoded_ansi_escape", ENCODED, "%1b%5b31m", "control character"),
        reject("reject_del", DECODED, "\u007f", "control character"),
        reject("reject_encoded_del", ENCODED, "%7F", "control character"),
        reject("reject_newline_decoded", DECODED, "evil\nname", "control character"),
        // Invalid or overlong UTF-8 (would decode to '.', '/' or '\' in a lenient decoder).
        reject("reject_overlong_dotdot", ENCODED, "%c0%ae%c0%ae", "not valid UTF-8"),
        reject("reject_overlong_slash", ENCODED, "%c0%af", "not valid UTF-8"),
        reject("reject_overlong_3byte_dot", ENCODED, "%e0%80%ae", "not valid UTF-8"),
        reject("reject_overlong_backslash", ENCODED, "%c1%9c", "not valid UTF-8"),
        reject("reject_overlong_traversal", ENCODED, "%c0%ae%c0%ae%c0%afetc", "not valid UTF-8"),
        reject("reject_encoded_surrogate", ENCODED, "%ed%a0%80", "not valid UTF-8"),
        reject("reject_invalid_byte_ff", ENCODED, "%ff", "not valid UTF-8"),
        reject("reject_lone_continuation_byte", ENCODED, "%80", "not valid UTF-8"),
        reject("reject_truncated_emoji", ENCODED, "%f0%9f%98", "not valid UTF-8"),
        reject("reject_above_unicode_max", ENCODED, "%f4%90%80%80", "not valid UTF-8"),
        reject("reject_latin1_not_utf8", ENCODED, "caf%e9", "not valid UTF-8"),
        reject("reject_lone_surrogate_raw_in_url", ENCODED, "a\uD800", "not valid Unicode"),
        reject("reject_lone_high_surrogate", DECODED, "a\uD800", "not valid Unicode"),
        reject("reject_lone_low_surrogate", DECODED, "\uDC00b", "not valid Unicode"),
        // Malformed escapes.
        reject("reject_malformed_percent_alone", ENCODED, "%", "malformed percent-escape"),
        reject("reject_malformed_percent_one_digit", ENCODED, "%2", "malformed percent-escape"),
        reject("reject_malformed_percent_at_end", ENCODED, "abc%4", "malformed percent-escape"),
        reject("reject_malformed_percent_non_hex", ENCODED, "%zz", "malformed percent-escape"),
        reject("reject_malformed_percent_G1", ENCODED, "%G1", "malformed percent-escape"),
        reject("reject_malformed_double_percent", ENCODED, "%%32%65", "malformed percent-escape"),
        reject(
            "reject_malformed_fullwidth_hex", ENCODED, "%\uFF12\uFF45", "malformed percent-escape"),
        reject("reject_malformed_percent_sign_space", ENCODED, "%-1", "malformed percent-escape"),
        // Absolute, UNC and drive paths.
        reject("reject_absolute", ENCODED, "/etc/passwd", "absolute path"),
        reject("reject_absolute_decoded", DECODED, "/etc/passwd", "absolute path"),
        reject("reject_only_slash", ENCODED, "/", "absolute path"),
        reject("reject_unc_forward_slashes", ENCODED, "//server/share", "absolute path"),
        reject("reject_unc_forward_slashes_decoded", DECODED, "//server/share", "absolute path"),
        reject("reject_unc_backslashes", DECODED, "\\\\server\\share", "UNC path"),
        reject("reject_unc_device_namespace", DECODED, "\\\\?\\C:\\x", "UNC path"),
        reject("reject_drive_path", ENCODED, "C:/Windows", "drive path"),
        reject("reject_drive_only", DECODED, "C:", "drive path"),
        reject("reject_drive_relative", DECODED, "c:secret", "drive path"),
        reject("reject_drive_encoded_colon", ENCODED, "C%3a/Windows", "drive path"),
        reject("reject_drive_backslash", DECODED, "C:\\Windows", "drive path"),
        // Empty segments.
        reject("reject_empty_segment", ENCODED, "a//b", "empty path segment"),
        reject("reject_empty_segment_decoded", DECODED, "a//b", "empty path segment"),
        reject("reject_double_trailing_slash", ENCODED, "a//", "empty path segment"),
        reject("reject_trailing_slash_decoded", DECODED, "a/", "empty path segment"),
        reject("reject_null_encoded", ENCODED, null, "missing path"),
        reject("reject_null_decoded", DECODED, null, "missing path"),
        // Windows device names, any case, any extension, any depth.
        reject("reject_device_con", ENCODED, "CON", "device name"),
        reject("reject_device_con_ext", DECODED, "con.txt", "device name"),
        reject("reject_device_nul_lower", ENCODED, "nul", "device name"),
        reject("reject_device_com1_mixed_case", DECODED, "Com1.log", "device name"),
        reject("reject_device_com0", DECODED, "com0", "device name"),
        reject("reject_device_lpt9", ENCODED, "LPT9", "device name"),
        reject("reject_device_aux_double_ext", DECODED, "aux.tar.gz", "device name"),
        reject("reject_device_prn_deep", ENCODED, "docs/prn", "device name"),
        reject("reject_device_com_superscript", DECODED, "COM\u00B9", "device name"),
        reject("reject_device_lpt_superscript_ext", ENCODED, "lpt%C2%B3.txt", "device name"),
        reject("reject_device_space_before_ext", DECODED, "CON .txt", "device name"),
        reject("reject_device_conin", DECODED, "CONIN$", "device name"),
        // Names Windows would silently change.
        reject("reject_trailing_dot", DECODED, "a.", "ends with"),
        reject("reject_trailing_dots", ENCODED, "a...", "ends with"),
        reject("reject_trailing_space", DECODED, "a ", "ends with"),
        reject("reject_trailing_space_encoded", ENCODED, "a%20", "ends with"),
        reject("reject_trailing_dot_dir", ENCODED, "dir./file", "ends with"),
        // Colons (NTFS streams) and other characters Windows refuses.
        reject(
            "reject_colon_single_letter",
            DECODED,
            "a:b",
            "drive path"), // drive-relative on Windows
        reject("reject_colon", DECODED, "notes:b", "colon"),
        reject("reject_ntfs_stream", DECODED, "file::$DATA", "colon"),
        reject("reject_ntfs_stream_encoded", ENCODED, "file%3a%3a%24DATA", "colon"),
        reject("reject_less_than", DECODED, "<", "not allowed on Windows"),
        reject("reject_greater_than", DECODED, ">", "not allowed on Windows"),
        reject("reject_pipe", DECODED, "|", "not allowed on Windows"),
        reject("reject_question_mark", DECODED, "?", "not allowed on Windows"),
        reject("reject_encoded_question_mark", ENCODED, "a%3Fb", "not allowed on Windows"),
        reject("reject_star", DECODED, "*", "not allowed on Windows"),
        reject("reject_encoded_star", ENCODED, "%2a.txt", "not allowed on Windows"),
        reject("reject_double_quote", DECODED, "\"", "not allowed on Windows"),
        // Sizes.
        reject("reject_segment_256_bytes", DECODED, "a".repeat(256), "longer than 255 bytes"),
        reject(
            "reject_segment_256_bytes_encoded",
            ENCODED,
            "%61".repeat(256),
            "longer than 255 bytes"),
        reject(
            "reject_segment_256_bytes_multibyte",
            ENCODED,
            "%C3%A9".repeat(128),
            "longer than 255 bytes"),
        reject("reject_path_4097_bytes", DECODED, pathOfBytes(4097), "longer than 4096 bytes"),
        reject(
            "reject_path_4097_bytes_encoded",
            ENCODED,
            hexAll(pathOfBytes(4097)),
            "longer than 4096 bytes"),
        reject("reject_raw_tail_too_long", ENCODED, "%61".repeat(5000), "longer than 4096 bytes"),
        reject("reject_depth_65", DECODED, depth(65), "deeper than 64"),
        reject("reject_depth_65_encoded", ENCODED, depth(65), "deeper than 64"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void refusesHostileInput(String name, Parse how, String input, String reason) {
    BadPathException e = assertThrows(BadPathException.class, () -> how.apply(input));
    assertTrue(
        e.getMessage().contains(reason), () -> "reason = " + e.getMessage() + "; want " + reason);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("plain_file", ENCODED, "readme.txt", "readme.txt"),
        accept("nested", ENCODED, "docs/photos/cat.jpg", "docs", "photos", "cat.jpg"),
        accept("root_encoded", ENCODED, ""),
        accept("root_decoded", DECODED, ""),
        accept("trailing_slash_ignored", ENCODED, "docs/photos/", "docs", "photos"),
        accept("encoded_space", ENCODED, "my%20file.txt", "my file.txt"),
        accept("space_inside", DECODED, "my file.txt", "my file.txt"),
        accept("leading_space", DECODED, " a", " a"),
        accept("plus_is_literal", ENCODED, "a+b", "a+b"),
        accept("encoded_plus", ENCODED, "a%2Bb", "a+b"),
        accept("unicode_encoded", ENCODED, "%D0%A2%D0%BE%D0%BC%D0%B0%D1%81.mp3", "Томас.mp3"),
        accept("unicode_raw_in_url", ENCODED, "Томас/друзья", "Томас", "друзья"),
        accept("emoji", ENCODED, "%F0%9F%98%9C", "😜"),
        accept("dotdot_prefix", DECODED, "..foo", "..foo"),
        accept("dots_inside", DECODED, "foo..bar", "foo..bar"),
        accept("three_dots_prefix", ENCODED, "...a", "...a"),
        accept("hidden", DECODED, ".hidden", ".hidden"),
        accept("double_encoded_dotdot_is_literal", ENCODED, "%252e%252e", "%2e%2e"),
        accept("double_encoded_slash_is_literal", ENCODED, "a%252fb", "a%2fb"),
        accept("percent_literal_decoded", DECODED, "100%", "100%"),
        accept("fullwidth_dots", DECODED, "\uFF0E\uFF0E", "\uFF0E\uFF0E"),
        accept("fullwidth_dots_encoded", ENCODED, "%EF%BC%8E%EF%BC%8E/x", "\uFF0E\uFF0E", "x"),
        accept("fullwidth_solidus", DECODED, "a\uFF0Fb", "a\uFF0Fb"),
        accept(
            "device_lookalikes",
            DECODED,
            "console.txt/COM10/LPT/nul-x",
            "console.txt",
            "COM10",
            "LPT",
            "nul-x"),
        accept("lowercase_escapes", ENCODED, "%7euser", "~user"),
        accept("sub_delims", ENCODED, "a;b=c,d&e!", "a;b=c,d&e!"),
        accept("segment_255_bytes", DECODED, "a".repeat(255), "a".repeat(255)),
        accept("depth_64", DECODED, depth(64), depth(64).split("/")),
        accept("path_4096_bytes", DECODED, pathOfBytes(4096), pathOfBytes(4096).split("/")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void acceptsOrdinaryNames(String name, Parse how, String input, List<String> want)
      throws Exception {
    SharePath p = how.apply(input);
    assertEquals(want, p.segments());
    assertEquals(String.join("/", want), p.toString());
    // Round trips: what we hand out in URLs and JSON parses back to the same path.
    assertEquals(p, SharePath.parseEncoded(p.encoded()));
    assertEquals(p, SharePath.parse(p.toString()));
    for (String segment : want) {
      assertTrue(SharePath.isAcceptableName(segment), segment);
    }
  }

  @Test
  void encodedLeavesOnlyUnreservedBare() throws Exception {
    SharePath p = SharePath.parse("a b+c/é~_-.x/%2e;");
    assertEquals("a%20b%2Bc/%C3%A9~_-.x/%252e%3B", p.encoded());
  }

  @Test
  void navigation() throws Exception {
    SharePath p = SharePath.parse("docs/photos/cat.jpg");
    assertEquals("cat.jpg", p.name());
    assertEquals(SharePath.parse("docs/photos"), p.parent());
    assertEquals(p, p.parent().child("cat.jpg"));
    assertTrue(SharePath.ROOT.isRoot());
    assertEquals("", SharePath.ROOT.name());
    assertEquals(SharePath.ROOT, SharePath.ROOT.parent());
    assertEquals(SharePath.ROOT, SharePath.parse("docs").parent());
    assertFalse(p.isRoot());
  }

  @Test
  void childAppliesTheSameRules() throws Exception {
    SharePath docs = SharePath.parse("docs");
    for (String bad : new String[] {"..", ".", "", "a/b", "a\\b", "CON", "x:y", "a.", null}) {
      assertThrows(BadPathException.class, () -> docs.child(bad), String.valueOf(bad));
    }
    assertThrows(BadPathException.class, () -> SharePath.parse(depth(64)).child("a"));
  }

  @Test
  void isAcceptableNameIsTheSegmentRule() {
    assertTrue(SharePath.isAcceptableName("notes.txt"));
    assertFalse(SharePath.isAcceptableName("a/b"));
    assertFalse(SharePath.isAcceptableName(null));
    assertFalse(SharePath.isAcceptableName(""));
    assertFalse(SharePath.isAcceptableName(".."));
  }

  @Test
  void ordersSegmentBySegment() throws Exception {
    List<SharePath> sorted =
        Stream.of("b", "a/z", "a", "a b", "", "a/b").map(SharePathTest::parsed).sorted().toList();
    assertEquals(
        List.of("", "a", "a/b", "a/z", "a b", "b"), sorted.stream().map(Object::toString).toList());
  }

  // --- table builders, in the spirit of Tailscale's peerapi tests ---

  private static Arguments reject(String name, Parse how, String input, String reason) {
    return Arguments.of(name, how, input, reason);
  }

  private static Arguments accept(String name, Parse how, String input, String... segments) {
    return Arguments.of(name, how, input, List.of(segments));
  }

  private static SharePath parsed(String s) {
    try {
      return SharePath.parse(s);
    } catch (BadPathException e) {
      throw new AssertionError(s, e);
    }
  }
}
