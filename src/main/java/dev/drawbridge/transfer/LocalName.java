package dev.drawbridge.transfer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a name chosen by a remote peer safe to create here. Hosts already refuse bad names ({@code
 * dev.drawbridge.share.NameRules}), but a receiver trusts no peer: whatever arrives, the result is
 * one plain segment, valid on Windows, macOS and Linux alike (a download folder may be synced to
 * any of them), and recognisably the same name where it was harmless.
 */
public final class LocalName {
  static final int MAX_BYTES = 255; // NAME_MAX on Linux and most file systems
  // A longer "extension" is just a dotted name; keeping it whole could leave no room for the stem.
  private static final int MAX_EXTENSION_BYTES = 32;
  // The same device list as the host's NameRules (package-private there): reserved with any
  // extension.
  private static final Set<String> DEVICES =
      Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$");
  private static final Pattern NUMBERED_DEVICE =
      Pattern.compile("(COM|LPT)[0-9\u00B9\u00B2\u00B3]");
  // Compressors whose suffix belongs with the one before it: "archive.tar.gz" is one extension.
  private static final Set<String> COMPRESSIONS =
      Set.of("gz", "bz", "bz2", "xz", "z", "zst", "lz", "lzma", "lzo", "br");

  private LocalName() {}

  /** One segment: never empty, never "." or "..", never a device, at most 255 UTF-8 bytes. */
  public static String of(String remoteName) {
    if (remoteName == null) {
      return "_";
    }
    String name = stripTrailingDotsAndSpaces(replaceIllegal(remoteName));
    if (name.isEmpty()) {
      return "_"; // also what "." and ".." become: only dots
    }
    if (isDevice(name)) {
      name = "_" + name;
    }
    int ext = extensionStart(name);
    name = stripTrailingDotsAndSpaces(fit(name.substring(0, ext), name.substring(ext)));
    return name.isEmpty() ? "_" : name;
  }

  /**
   * The n-th alternative to a taken name: "name (n).ext" (n = 0 is the name itself), still within
   * 255 bytes. The one numbering rule: downloads ({@link Placement}), upload jobs and browser
   * uploads (the sender picks the next name after the host's 409) number the same way.
   */
  public static String numbered(String safe, int n) {
    if (n == 0) {
      return safe;
    }
    int ext = extensionStart(safe);
    return fit(safe.substring(0, ext), " (" + n + ")" + safe.substring(ext));
  }

  /**
   * A '/'-separated path below the shared root, as local segments. Empty segments are dropped, so a
   * leading '/' cannot make it absolute, and ".." becomes "_", so it cannot climb out.
   */
  public static List<String> relative(String remoteRelativePath) {
    List<String> segments = new ArrayList<>();
    if (remoteRelativePath != null) {
      for (String raw : remoteRelativePath.split("/")) {
        if (!raw.isEmpty()) {
          segments.add(of(raw));
        }
      }
    }
    if (segments.isEmpty()) {
      segments.add("_"); // a file always has a name
    }
    return List.copyOf(segments);
  }

  /**
   * Where the extension starts ({@code name.length()} when there is none). A leading dot is not an
   * extension (".bashrc"), and a compressor suffix takes the short one before it along (".tar.gz").
   */
  static int extensionStart(String name) {
    int leadingDots = 0;
    while (leadingDots < name.length() && name.charAt(leadingDots) == '.') {
      leadingDots++;
    }
    int last = name.lastIndexOf('.');
    if (last < leadingDots
        || last == name.length() - 1
        || utf8(name.substring(last)) > MAX_EXTENSION_BYTES) {
      return name.length();
    }
    int previous = name.lastIndexOf('.', last - 1);
    boolean compressed = COMPRESSIONS.contains(name.substring(last + 1).toLowerCase(Locale.ROOT));
    if (compressed
        && previous >= leadingDots
        && last - previous - 1 >= 1
        && last - previous - 1 <= 4) {
      return previous;
    }
    return last;
  }

  /** {@code stem + tail}, the stem cut (at a code point) so that the whole fits in 255 bytes. */
  static String fit(String stem, String tail) {
    int room = MAX_BYTES - utf8(tail);
    if (utf8(stem) <= room) {
      return stem + tail;
    }
    int bytes = 0;
    int end = 0;
    while (end < stem.length()) {
      int cp = stem.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > room) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return stem.substring(0, end) + tail;
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String replaceIllegal(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        out.append(c).append(name.charAt(++i));
      } else if (Character.isSurrogate(c) || isIllegal(c)) {
        // A lone surrogate has no UTF-8 form: Java would write '?', i.e. a different name.
        out.append('_');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isIllegal(char c) {
    return c < 0x20
        || (c >= 0x7F && c <= 0x9F) // C0, DEL, C1 controls
        || "<>:\"/\\|?*".indexOf(c) >= 0
        // Bidi controls let "invoice\u202Egpj.exe" display as "invoiceexe.jpg".
        || c == '\u200E'
        || c == '\u200F'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  /** Windows strips these when opening, so "a." would silently be "a" there. */
  private static String stripTrailingDotsAndSpaces(String name) {
    int end = name.length();
    while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
      end--;
    }
    return name.substring(0, end);
  }

  /** Windows looks only at the part before the first dot, ignoring trailing spaces ("CON .txt"). */
  private static boolean isDevice(String name) {
    int dot = name.indexOf('.');
    String base =
        (dot < 0 ? name : name.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
    return DEVICES.contains(base) || NUMBERED_DEVICE.matcher(base).matches();
  }
}
