package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class PeerIdTest {

  /** Public key of RFC 8032 section 7.1, test 1; its PeerId was computed independently. */
  static final byte[] RFC8032_KEY =
      HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

  static final String RFC8032_PEER_ID = "25NJQAMCWEFLPMVKL73J4SZAHHITHOC4XT3KTCGJNJPAINGR5YHKENAI";

  static PeerId randomPeerId(Random random) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    return PeerId.fromRawKey(raw);
  }

  @Test
  void encodesAKnownKeyToItsKnownPeerId() {
    assertEquals(RFC8032_PEER_ID, PeerId.fromRawKey(RFC8032_KEY).value());
  }

  @Test
  void canonicalFormIs56CharactersOfTheBase32Alphabet() {
    Random random = new Random(7);
    for (int i = 0; i < 100; i++) {
      String value = randomPeerId(random).value();
      assertEquals(PeerId.LENGTH, value.length());
      assertTrue(value.matches("[A-Z2-7]{56}"), value);
    }
  }

  @Test
  void valueParsesBackToAnEqualPeerIdWithTheSameKey() throws Exception {
    PeerId id = PeerId.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
    PeerId parsed = PeerId.parse(id.value());
    assertEquals(id, parsed);
    assertArrayEquals(id.rawKey(), parsed.rawKey());
  }

  @Test
  void groupedFormIsEightGroupsOfSevenAndParsesBack() {
    PeerId id = PeerId.fromRawKey(RFC8032_KEY);
    assertEquals("25NJQAM-CWEFLPM-VKL73J4-SZAHHIT-HOC4XT3-KTCGJNJ-PAINGR5-YHKENAI", id.grouped());
    assertEquals(id, PeerId.parse(id.grouped()));
  }

  @Test
  void parsesLowercaseSpacesAndSurroundingWhitespace() {
    PeerId id = PeerId.fromRawKey(RFC8032_KEY);
    assertEquals(id, PeerId.parse(id.value().toLowerCase(Locale.ROOT)));
    assertEquals(
        id, PeerId.parse("  " + id.grouped().replace('-', ' ').toLowerCase(Locale.ROOT) + "\n"));
    assertEquals(id, PeerId.parse("25NJQAMCWEFLPM-VKL73J4SZAHHIT HOC4XT3KTCGJNJ-paingr5yhkenai"));
  }

  @Test
  void shortFormAndToStringComeFromTheCanonicalValue() {
    PeerId id = PeerId.fromRawKey(RFC8032_KEY);
    assertEquals("25NJQAM", id.shortForm());
    assertEquals(id.value(), id.toString());
  }

  @Test
  void sunEcAndBouncyCastleKeysGiveTheSamePeerId() throws Exception {
    KeyPair bc =
        KeyPairGenerator.getInstance("Ed25519", new BouncyCastleProvider()).generateKeyPair();
    PublicKey sun =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(bc.getPublic().getEncoded()));
    assertTrue(bc.getPublic().getClass().getName().startsWith("org.bouncycastle"));
    assertEquals(PeerId.of(sun), PeerId.of(bc.getPublic()));
  }

  @Test
  void refusesKeysThatAreNotEd25519() throws Exception {
    PublicKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
    PublicKey ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic();
    PublicKey x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
    assertThrows(IllegalArgumentException.class, () -> PeerId.of(rsa));
    assertThrows(IllegalArgumentException.class, () -> PeerId.of(ed448));
    assertThrows(IllegalArgumentException.class, () -> PeerId.of(x25519));
    assertThrows(IllegalArgumentException.class, () -> PeerId.of(null));
  }

  @Test
  void refusesRawKeysThatAreNot32Bytes() {
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromRawKey(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromRawKey(new byte[33]));
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromRawKey(null));
  }

  @Test
  void cannotBeChangedThroughTheBytesItWasGivenOrGaveOut() {
    byte[] raw = RFC8032_KEY.clone();
    PeerId id = PeerId.fromRawKey(raw);
    raw[0] ^= 1;
    id.rawKey()[1] ^= 1;
    assertArrayEquals(RFC8032_KEY, id.rawKey());
    assertEquals(RFC8032_PEER_ID, id.value());
  }

  @Test
  void publicKeyIsAJdkKeyThatVerifiesThePeersSignatures() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();

    PublicKey key = PeerId.of(pair.getPublic()).publicKey();
    assertFalse(key.getClass().getName().startsWith("org.bouncycastle"));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature));
    assertEquals(PeerId.of(pair.getPublic()), PeerId.of(key));
  }

  @Test
  void equalityHashAndOrderFollowTheValue() {
    Random random = new Random(11);
    PeerId a = randomPeerId(random);
    PeerId b = randomPeerId(random);
    PeerId aAgain = PeerId.parse(a.value());
    assertEquals(a, aAgain);
    assertEquals(a.hashCode(), aAgain.hashCode());
    assertEquals(0, a.compareTo(aAgain));
    assertNotEquals(a, b);
    assertEquals(Integer.signum(a.value().compareTo(b.value())), Integer.signum(a.compareTo(b)));
  }
}
