package dev.drawbridge.identity;

import java.security.PublicKey;
import java.util.Optional;

/**
 * A peer's identity, derived only from its Ed25519 public key. Immutable, value-based.
 *
 * <p>The text form is Syncthing's device-ID scheme done correctly: base32 of the 32 raw key bytes
 * (52 characters), in 4 groups of 13, each followed by a Luhn mod 32 check character, so that any
 * single mistyped character is caught by {@link #parse}.
 */
public final class PeerId implements Comparable<PeerId> {

  /** Length of the canonical form, {@link #value()}. */
  public static final int LENGTH = 56;

  private static final int DISPLAY_GROUP = 7;
  private static final int SHORT_LENGTH = 7;

  private final byte[] rawKey;
  private final String value;

  private PeerId(byte[] rawKey) {
    this.rawKey = rawKey;
    this.value = PeerIdText.format(rawKey);
  }

  /** The PeerId of an Ed25519 public key from any provider (SunEC or Bouncy Castle). */
  public static PeerId of(PublicKey key) {
    return new PeerId(Ed25519Keys.rawPublicKey(key));
  }

  /** The PeerId of a 32-byte raw Ed25519 public key. */
  public static PeerId fromRawKey(byte[] raw32) {
    if (raw32 == null || raw32.length != Ed25519Keys.RAW_LENGTH) {
      throw new IllegalArgumentException(
          "a raw Ed25519 public key has " + Ed25519Keys.RAW_LENGTH + " bytes");
    }
    return new PeerId(raw32.clone());
  }

  /**
   * Parses text as typed by a person: case-insensitive, '-' and ' ' ignored.
   *
   * @throws InvalidPeerIdException with a message fit to show to that person
   */
  public static PeerId parse(String text) {
    return new PeerId(PeerIdText.parse(text));
  }

  public static Optional<PeerId> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (InvalidPeerIdException e) {
      return Optional.empty();
    }
  }

  /** A copy of the 32 raw key bytes. */
  public byte[] rawKey() {
    return rawKey.clone();
  }

  /** The key as a JDK (SunEC) object, e.g. to verify signatures. */
  public PublicKey publicKey() {
    return Ed25519Keys.sunPublicKey(rawKey);
  }

  /** Canonical form: 56 characters of the uppercase RFC 4648 base32 alphabet. */
  public String value() {
    return value;
  }

  /** For humans: 8 groups of 7 characters joined by '-'. */
  public String grouped() {
    StringBuilder out = new StringBuilder(LENGTH + LENGTH / DISPLAY_GROUP - 1);
    for (int i = 0; i < LENGTH; i += DISPLAY_GROUP) {
      if (i > 0) {
        out.append('-');
      }
      out.append(value, i, i + DISPLAY_GROUP);
    }
    return out.toString();
  }

  /** The first 7 characters, for logs and labels; not unique enough to identify a peer. */
  public String shortForm() {
    return value.substring(0, SHORT_LENGTH);
  }

  @Override
  public int compareTo(PeerId other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
