package dev.drawbridge.identity;

/**
 * Turns what a person typed or pasted into the raw key of a PeerId, or explains what is wrong.
 * Positions in messages count characters as typed (separators included, from 1), because that is
 * what the person can see.
 */
final class PeerIdText {

  static final int GROUPS = 4;
  static final int GROUP_DATA = 13;
  static final int GROUP_LENGTH = GROUP_DATA + 1;

  private PeerIdText() {}

  /** The canonical 56-character form of a raw key: 4 groups of 13 base32 characters + check. */
  static String format(byte[] rawKey) {
    String data = Base32.encode(rawKey);
    StringBuilder out = new StringBuilder(PeerId.LENGTH);
    for (int g = 0; g < GROUPS; g++) {
      String group = data.substring(g * GROUP_DATA, (g + 1) * GROUP_DATA);
      out.append(group).append(LuhnBase32.checkCharacter(group));
    }
    return out.toString();
  }

  static byte[] parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidPeerIdException("PeerId is empty");
    }
    StringBuilder canonical = new StringBuilder(PeerId.LENGTH);
    int[] typedPosition = new int[PeerId.LENGTH];
    String trimmed = text.strip();
    int leading = text.indexOf(trimmed);
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == '-' || c == ' ') {
        continue;
      }
      char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
      if (Base32.valueOf(upper) < 0) {
        throw new InvalidPeerIdException(badCharacter(c, leading + i + 1));
      }
      if (canonical.length() < PeerId.LENGTH) {
        typedPosition[canonical.length()] = leading + i + 1;
      }
      canonical.append(upper);
    }
    if (canonical.length() != PeerId.LENGTH) {
      throw new InvalidPeerIdException(
          "PeerId must have "
              + PeerId.LENGTH
              + " letters and digits (not counting '-' and spaces), but this has "
              + canonical.length());
    }
    StringBuilder data = new StringBuilder(Base32.KEY_CHARS);
    for (int g = 0; g < GROUPS; g++) {
      int start = g * GROUP_LENGTH;
      String group = canonical.substring(start, start + GROUP_DATA);
      if (LuhnBase32.checkCharacter(group) != canonical.charAt(start + GROUP_DATA)) {
        int first = typedPosition[start];
        int last = typedPosition[start + GROUP_DATA];
        throw new InvalidPeerIdException(
            "PeerId has a typo near character "
                + first
                + " (one of characters "
                + first
                + " to "
                + last
                + " is wrong)");
      }
      data.append(group);
    }
    byte[] raw = Base32.decode(data);
    if (raw == null) {
      // Only reachable with crafted text: the check characters match, the padding bits don't.
      throw new InvalidPeerIdException(
          "PeerId is not valid: character "
              + typedPosition[PeerId.LENGTH - 2]
              + " cannot occur in a real PeerId");
    }
    return raw;
  }

  private static String badCharacter(char c, int position) {
    String shown = c >= 0x21 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    String hint =
        switch (c) {
          case '0' -> " (did you mean the letter O?)";
          case '1' -> " (did you mean the letter I?)";
          case '8' -> " (did you mean the letter B?)";
          default -> "";
        };
    return "PeerId contains "
        + shown
        + " at character "
        + position
        + "; only letters A-Z and digits 2-7 are used"
        + hint;
  }
}
