package dev.drawbridge.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** The PEM text wrapping of DER (RFC 7468), the form OpenSSL, Vert.x and people's tools expect. */
final class Pem {

  private Pem() {}

  /** ASCII bytes rather than a String, so callers can wipe private key text after writing it. */
  static byte[] encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    String text = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The DER inside the first PEM block, which must be of the expected type. Messages name the file
   * and the types, never the content, since the content may be a private key.
   */
  static byte[] decode(byte[] text, String expectedType, String fileName) throws IOException {
    PemObject object;
    try (PemReader reader =
        new PemReader(
            new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.US_ASCII))) {
      object = reader.readPemObject();
    } catch (IOException | RuntimeException e) {
      throw new IOException(fileName + " is not readable PEM (it may be damaged)");
    }
    if (object == null) {
      throw new IOException(
          fileName + " holds no PEM block; expected -----BEGIN " + expectedType + "-----");
    }
    if (!expectedType.equals(object.getType())) {
      throw new IOException(
          fileName
              + " holds a "
              + describe(object.getType())
              + " block; expected -----BEGIN "
              + expectedType
              + "-----");
    }
    return object.getContent();
  }

  // The type comes from the file; keep only harmless characters before putting it in a message.
  private static String describe(String type) {
    String safe = type.replaceAll("[^A-Za-z0-9 ]", "?");
    return '"' + (safe.length() > 40 ? safe.substring(0, 40) + "..." : safe) + '"';
  }
}
