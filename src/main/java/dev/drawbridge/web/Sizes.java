package dev.drawbridge.web;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts for people: 1.5 MB, not 1572864; and back from what a person typed. */
final class Sizes {
  private static final Pattern TYPED =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?i?b?|bytes?)", Pattern.CASE_INSENSITIVE);
  // Decimal units as human() shows them; binary ones (KiB, GiB) because people type those too.
  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("b", 1L),
          Map.entry("byte", 1L),
          Map.entry("bytes", 1L),
          Map.entry("k", 1_000L),
          Map.entry("kb", 1_000L),
          Map.entry("m", 1_000_000L),
          Map.entry("mb", 1_000_000L),
          Map.entry("g", 1_000_000_000L),
          Map.entry("gb", 1_000_000_000L),
          Map.entry("t", 1_000_000_000_000L),
          Map.entry("tb", 1_000_000_000_000L),
          Map.entry("p", 1_000_000_000_000_000L),
          Map.entry("pb", 1_000_000_000_000_000L),
          Map.entry("kib", 1L << 10),
          Map.entry("mib", 1L << 20),
          Map.entry("gib", 1L << 30),
          Map.entry("tib", 1L << 40),
          Map.entry("pib", 1L << 50));
  // Largest first: exact() picks the biggest unit that divides a count without a remainder.
  private static final String[] EXACT = {"PB", "PiB", "TB", "TiB", "GB", "GiB", "MB", "MiB", "kB"};

  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int i = -1;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[i]);
  }

  /**
   * A size as a form shows it so that saving it again changes nothing: "2 GB", "1 GiB", "1500 B";
   * empty for 0 (no limit).
   */
  static String exact(long bytes) {
    if (bytes == 0) {
      return "";
    }
    for (String unit : EXACT) {
      long size = UNITS.get(unit.toLowerCase(Locale.ROOT));
      if (bytes % size == 0) {
        return bytes / size + " " + unit;
      }
    }
    return bytes + " B";
  }

  /**
   * What a person typed ("2 GB", "500MB", "1.5 GiB", "4096"); empty means 0 (no limit).
   *
   * @throws IllegalArgumentException in words that name {@code what} when it is not a size
   */
  static long parse(String typed, String what) {
    if (typed == null || typed.isBlank()) {
      return 0;
    }
    Matcher m = TYPED.matcher(typed.strip());
    Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException(
          what + ": \"" + typed.strip() + "\" is not a size; write it like 500 MB or 2 GB");
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(what + ": " + typed.strip() + " is too large");
    }
    return bytes.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
  }
}
