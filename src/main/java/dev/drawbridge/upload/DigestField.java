package dev.drawbridge.upload;

import java.util.Base64;
import java.util.Locale;

/**
 * The sha-256 member of an RFC 9530 digest field ({@code Content-Digest}, {@code Repr-Digest}):
 * {@code sha-256=:<base64>:}, possibly among other algorithms, which are ignored.
 */
public final class DigestField {
  private DigestField() {}

  /** The sha-256 value as base64 of 32 bytes, or null when the field has none (or is absent). */
  public static String sha256(String field) throws UploadRefusal {
    if (field == null) {
      return null;
    }
    for (String member : field.split(",")) {
      String m = member.strip();
      int eq = m.indexOf('=');
      if (eq < 0 || !m.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("sha-256")) {
        continue;
      }
      String v = m.substring(eq + 1).strip();
      if (v.length() < 2 || v.charAt(0) != ':' || v.charAt(v.length() - 1) != ':') {
        throw new UploadRefusal(UploadRefusal.Reason.BAD_REQUEST, "malformed sha-256 digest");
      }
      String b64 = v.substring(1, v.length() - 1);
      try {
        if (Base64.getDecoder().decode(b64).length != 32) {
          throw new UploadRefusal(UploadRefusal.Reason.BAD_REQUEST, "sha-256 is 32 bytes");
        }
      } catch (IllegalArgumentException e) {
        throw new UploadRefusal(UploadRefusal.Reason.BAD_REQUEST, "malformed sha-256 digest");
      }
      return b64;
    }
    return null;
  }

  /** A fresh SHA-256. */
  public static java.security.MessageDigest sha256Digest() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The field for a sha-256 given as base64. */
  public static String of(String base64) {
    return "sha-256=:" + base64 + ":";
  }

  public static String base64(byte[] digest) {
    return Base64.getEncoder().encodeToString(digest);
  }

  public static String hex(String base64) {
    StringBuilder out = new StringBuilder(64);
    for (byte b : Base64.getDecoder().decode(base64)) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }
}
