package dev.drawbridge.identity;

/**
 * RFC 4648 base32 (uppercase, no padding) for exactly the 32 bytes of a raw Ed25519 key. Kept to
 * this one size so decoding can be strict: 32 bytes are 256 bits, and 52 characters carry 260, so
 * the last character's low 4 bits must be zero or two texts would name one key.
 */
final class Base32 {

  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  static final int KEY_BYTES = 32;
  static final int KEY_CHARS = 52;

  private Base32() {}

  /** The 0..31 value of an alphabet character, or -1 if it is not one (uppercase only). */
  static int valueOf(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= '2' && c <= '7') {
      return c - '2' + 26;
    }
    return -1;
  }

  static String encode(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("expected " + KEY_BYTES + " bytes, got " + key.length);
    }
    StringBuilder out = new StringBuilder(KEY_CHARS);
    int buffer = 0;
    int bits = 0;
    for (byte b : key) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out.append(ALPHABET.charAt((buffer >>> bits) & 31));
      }
    }
    // 256 = 51*5 + 1: one bit is left, padded with four zero bits.
    out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    return out.toString();
  }

  /**
   * Decodes 52 alphabet characters (already validated by the caller), or returns null when the
   * unused trailing bits are not zero, i.e. the text is not the canonical form of any key.
   */
  static byte[] decode(CharSequence text) {
    if (text.length() != KEY_CHARS) {
      throw new IllegalArgumentException("expected " + KEY_CHARS + " characters");
    }
    byte[] out = new byte[KEY_BYTES];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < KEY_CHARS; i++) {
      buffer = (buffer << 5) | valueOf(text.charAt(i));
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (buffer >>> bits);
      }
    }
    return (buffer & ((1 << bits) - 1)) == 0 ? out : null;
  }
}
