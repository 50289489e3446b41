package dev.drawbridge.relay.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Circuit and rendezvous tokens: 16 random bytes. Knowing one is the only credential on the
 * (unauthenticated) circuit port, so they come from a CSPRNG and are never logged in full.
 */
public final class Tokens {

  public static final int LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  public static byte[] random() {
    byte[] token = new byte[LENGTH];
    RANDOM.nextBytes(token);
    return token;
  }

  /** A map key for a token (byte arrays compare by identity). */
  public static String key(byte[] token) {
    return HexFormat.of().formatHex(checked(token));
  }

  /** A prefix safe for logs: enough to correlate lines, useless for joining a circuit. */
  public static String forLog(byte[] token) {
    return key(token).substring(0, 6);
  }

  static byte[] checked(byte[] token) {
    if (token == null || token.length != LENGTH) {
      throw new IllegalArgumentException("a token has " + LENGTH + " bytes");
    }
    return token;
  }
}
