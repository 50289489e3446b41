package dev.drawbridge.peerapi.coding;

import java.util.Locale;

/** Reads an {@code Accept-Encoding} request header (RFC 9110 §12.5.3). */
public final class AcceptEncoding {
  private AcceptEncoding() {}

  /**
   * Whether {@code coding} is acceptable: listed with a non-zero weight, or covered by {@code *}
   * when not listed. No header means "no preference" in the RFC, but for chunk reads we only
   * compress for a receiver that asked, so an absent header accepts nothing but identity.
   */
  public static boolean accepts(String header, String coding) {
    if (header == null) {
      return false;
    }
    Boolean wildcard = null;
    for (String item : header.split(",")) {
      String[] parts = item.split(";");
      String name = parts[0].strip().toLowerCase(Locale.ROOT);
      boolean acceptable = weight(parts) > 0;
      if (name.equals(coding)) {
        return acceptable;
      }
      if (name.equals("*")) {
        wildcard = acceptable;
      }
    }
    return Boolean.TRUE.equals(wildcard);
  }

  /**
   * The {@code q} parameter (default 1); anything unreadable counts as 0, i.e. "not acceptable".
   */
  private static double weight(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          return Double.parseDouble(p.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
