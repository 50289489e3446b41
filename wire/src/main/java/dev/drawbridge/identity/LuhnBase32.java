package dev.drawbridge.identity;

/**
 * The textbook Luhn mod N check character, N = 32 over the base32 alphabet. Doubling starts at the
 * rightmost character (the one next to the check character). Syncthing's original code started
 * doubling at the left, which is not Luhn mod N; we keep to the textbook so that every
 * single-character substitution changes the check character.
 */
final class LuhnBase32 {

  private static final int N = 32;

  private LuhnBase32() {}

  static char checkCharacter(CharSequence group) {
    int factor = 2;
    int sum = 0;
    for (int i = group.length() - 1; i >= 0; i--) {
      int addend = factor * Base32.valueOf(group.charAt(i));
      factor = factor == 2 ? 1 : 2;
      // Sum of the "digits" of addend in base N; a bijection on 0..N-1 for both factors.
      sum += addend / N + addend % N;
    }
    return Base32.ALPHABET.charAt((N - sum % N) % N);
  }
}
