package dev.drawbridge.transfer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 and the two encodings a manifest uses for it (base64url per chunk, base64 whole file).
 */
final class Sha256 {
  static final int LENGTH = 32;

  private Sha256() {}

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static byte[] of(ByteBuffer bytes) {
    MessageDigest md = digest();
    md.update(bytes);
    return md.digest();
  }

  /** A chunk hash from the manifest; null when it is not a base64url SHA-256 (a broken host). */
  static byte[] fromChunkHash(String base64Url) {
    return decode(Base64.getUrlDecoder(), base64Url);
  }

  /** The whole-file digest from the manifest; null when it is not a base64 SHA-256. */
  static byte[] fromFileDigest(String base64) {
    return decode(Base64.getDecoder(), base64);
  }

  private static byte[] decode(Base64.Decoder decoder, String text) {
    if (text == null) {
      return null;
    }
    try {
      byte[] hash = decoder.decode(text);
      return hash.length == LENGTH ? hash : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
