package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  void generatedKeysAreJdkObjectsSoTheJdkTlsEngineCanSignWithThem() {
    Identity identity = Identity.generate();
    assertFalse(
        identity.keyPair().getPrivate().getClass().getName().startsWith("org.bouncycastle"));
    assertFalse(identity.keyPair().getPublic().getClass().getName().startsWith("org.bouncycastle"));
    assertEquals(PeerId.of(identity.keyPair().getPublic()), identity.peerId());
  }

  @Test
  void certificateIsSelfSignedNamesThePeerAndNeverExpires() throws Exception {
    Identity identity = Identity.generate();
    X509Certificate cert = identity.certificate();
    String name = "CN=" + identity.peerId().value();
    assertEquals(name, cert.getSubjectX500Principal().getName());
    assertEquals(name, cert.getIssuerX500Principal().getName());
    cert.verify(identity.keyPair().getPublic());
    assertEquals(identity.peerId(), PeerId.of(cert.getPublicKey()));
    assertEquals(9999, cert.getNotAfter().toInstant().atZone(ZoneOffset.UTC).getYear());
    assertTrue(cert.getNotBefore().toInstant().isBefore(Instant.now().minus(23, ChronoUnit.HOURS)));
    assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    assertTrue(
        cert.getCriticalExtensionOIDs().contains("2.5.29.19"), "basic constraints is critical");
    assertTrue(cert.getSerialNumber().signum() > 0);
  }

  @Test
  void everyIdentityIsDifferent() {
    Identity a = Identity.generate();
    Identity b = Identity.generate();
    assertNotEquals(a.peerId(), b.peerId());
    assertNotEquals(a.certificate().getSerialNumber(), b.certificate().getSerialNumber());
  }

  @Test
  void keyManagerPresentsTheCertificateAndItsKey() {
    Identity identity = Identity.generate();
    String[] aliases = identity.keyManager().getServerAliases("EdDSA", null);
    assertEquals(1, aliases.length);
    assertEquals(identity.certificate(), identity.keyManager().getCertificateChain(aliases[0])[0]);
    assertEquals(identity.keyPair().getPrivate(), identity.keyManager().getPrivateKey(aliases[0]));
  }

  @Test
  void sslContextSpeaksTls13() {
    assertEquals("TLSv1.3", Identity.generate().sslContext(PeerTrust.anyPeer()).getProtocol());
  }

  @Test
  void displayNameIsTheNameOfThePeerId() {
    Identity identity = Identity.generate();
    assertEquals(DisplayName.of(identity.peerId()), identity.displayName());
  }

  @Test
  void toStringShowsOnlyThePeerId() {
    Identity identity = Identity.generate();
    assertEquals("Identity[" + identity.peerId() + "]", identity.toString());
  }
}
