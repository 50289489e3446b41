package dev.drawbridge.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Conversions between Ed25519 key objects and raw bytes. Key objects handed out are always the
 * JDK's (SunEC): SunJSSE only signs TLS handshakes with those, not with Bouncy Castle's.
 */
final class Ed25519Keys {

  static final int RAW_LENGTH = 32;

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Ed25519Keys() {}

  /** The raw key of any provider's Ed25519 public key, read from its standard X.509 encoding. */
  static byte[] rawPublicKey(PublicKey key) {
    if (key == null) {
      throw new IllegalArgumentException("public key is null");
    }
    byte[] encoded = key.getEncoded();
    if (encoded == null || !"X.509".equals(key.getFormat())) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(encoded);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())
        || info.getPublicKeyData().getPadBits() != 0
        || info.getPublicKeyData().getOctets().length != RAW_LENGTH) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    return info.getPublicKeyData().getOctets();
  }

  static PublicKey sunPublicKey(byte[] raw) {
    byte[] encoded = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_LENGTH);
    System.arraycopy(raw, 0, encoded, SPKI_PREFIX.length, RAW_LENGTH);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot represent this Ed25519 public key", e);
    }
  }

  /** Reads PKCS#8 DER into a SunEC private key (also accepts what Bouncy Castle wrote). */
  static PrivateKey sunPrivateKey(byte[] pkcs8) throws GeneralSecurityException {
    PrivateKey key =
        KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    if (!(key instanceof EdECPrivateKey edKey)
        || edKey.getBytes().isEmpty()
        || !"Ed25519".equals(edKey.getParams().getName())) {
      throw new GeneralSecurityException("not an Ed25519 private key");
    }
    return key;
  }

  /** The public key belonging to a private key (the JDK 17 API has no way to ask for it). */
  static PublicKey publicKeyOf(PrivateKey key) {
    byte[] secret = ((EdECPrivateKey) key).getBytes().orElseThrow();
    try {
      return sunPublicKey(
          new Ed25519PrivateKeyParameters(secret, 0).generatePublicKey().getEncoded());
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
