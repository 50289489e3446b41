package dev.drawbridge.share;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The single-segment rule: which names a peer may use inside a share.
 *
 * <p>The rule is the union of what is dangerous on any host OS we run on, not just the current one:
 * a share folder may be copied to, or synced with, a Windows machine, and a name that is harmless
 * on Linux ({@code CON}, {@code a:b}, {@code x.}) can be a device, an NTFS stream or an alias
 * there. Names are compared as given (no Unicode normalization) because Linux names are bytes.
 */
final class NameRules {
  static final int MAX_NAME_BYTES = 255; // NAME_MAX on Linux and most file systems

  // Windows device names; reserved with any extension ("con.txt") and in any case.
  private static final Set<String> DEVICES =
      Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$");
  // COM0-9 and LPT0-9, plus the superscript digits Windows also treats as device numbers.
  private static final Pattern NUMBERED_DEVICE =
      Pattern.compile("(COM|LPT)[0-9\u00B9\u00B2\u00B3]");
  private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:.*", Pattern.DOTALL);

  private NameRules() {}

  /** Returns why {@code name} is refused, or null when it is an acceptable single segment. */
  static String refusal(String name) {
    if (name == null || name.isEmpty()) {
      return "empty path segment";
    }
    if (name.equals(".") || name.equals("..")) {
      return "'.' and '..' segments are not allowed";
    }
    // Cheap upper bound first so a huge hostile name costs no more than this check.
    if (name.length() > MAX_NAME_BYTES || utf8Length(name) > MAX_NAME_BYTES) {
      return "name longer than 255 bytes";
    }
    if (name.startsWith("\\\\")) {
      return "looks like a Windows UNC path";
    }
    if (DRIVE.matcher(name).matches()) {
      return "looks like a Windows drive path";
    }
    String badChar = badCharacter(name);
    if (badChar != null) {
      return badChar;
    }
    char last = name.charAt(name.length() - 1);
    if (last == '.' || last == ' ') {
      // Windows silently strips these, so "a." and "a" would be the same file there.
      return "name ends with '.' or space";
    }
    if (isDeviceName(name)) {
      return "reserved Windows device name";
    }
    return null;
  }

  private static String badCharacter(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == 0) {
        return "NUL character";
      }
      if (c < 0x20 || c == 0x7F) {
        return "control character";
      }
      switch (c) {
        case '/':
          return "slash inside a name";
        case '\\':
          return "backslash";
        case ':':
          return "colon (drive letters, NTFS streams)";
        case '<', '>', '"', '|', '?', '*':
          return "character not allowed on Windows";
        default:
          break;
      }
      // A lone surrogate has no UTF-8 form; Java would write it to disk as '?', a different name.
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
          return "not valid Unicode";
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return "not valid Unicode";
      }
    }
    return null;
  }

  private static boolean isDeviceName(String name) {
    // Windows looks only at the part before the first dot, ignoring trailing spaces ("CON .txt").
    int dot = name.indexOf('.');
    String base =
        (dot < 0 ? name : name.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
    return DEVICES.contains(base) || NUMBERED_DEVICE.matcher(base).matches();
  }

  /** UTF-8 length of a string already known to hold no lone surrogates (or counting them as 3). */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
