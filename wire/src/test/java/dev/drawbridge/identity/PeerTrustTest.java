package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PeerTrustTest {

  private static Identity alice;
  private static Identity bob;
  private static X509Certificate ecdsaCertificate;

  @BeforeAll
  static void setUp() throws Exception {
    alice = Identity.generate();
    bob = Identity.generate();
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    KeyPair pair = ec.generateKeyPair();
    X500Name name = new X500Name("CN=not a peer");
    byte[] der =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.ONE,
                new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L),
                name,
                pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
            .getEncoded();
    ecdsaCertificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
  }

  private static X509Certificate[] chainOf(X509Certificate leaf) {
    return new X509Certificate[] {leaf};
  }

  @Test
  void anyPeerAcceptsEveryEd25519Leaf() throws CertificateException {
    X509TrustManager trust = PeerTrust.anyPeer();
    trust.checkClientTrusted(chainOf(alice.certificate()), "EdDSA");
    trust.checkServerTrusted(chainOf(bob.certificate()), "EdDSA");
  }

  @Test
  void anyPeerRefusesLeavesWithOtherKeys() {
    X509TrustManager trust = PeerTrust.anyPeer();
    assertThrows(
        CertificateException.class,
        () -> trust.checkClientTrusted(chainOf(ecdsaCertificate), "EC"));
    assertThrows(
        CertificateException.class,
        () -> trust.checkServerTrusted(chainOf(ecdsaCertificate), "EC"));
  }

  @Test
  void refusesAnEmptyChain() {
    X509TrustManager trust = PeerTrust.anyPeer();
    assertThrows(
        CertificateException.class,
        () -> trust.checkClientTrusted(new X509Certificate[0], "EdDSA"));
    assertThrows(CertificateException.class, () -> trust.checkServerTrusted(null, "EdDSA"));
  }

  @Test
  void pinnedAcceptsOnlyTheExpectedPeerAndNamesBothWhenItRefuses() throws CertificateException {
    X509TrustManager trust = PeerTrust.pinned(alice.peerId());
    trust.checkServerTrusted(chainOf(alice.certificate()), "EdDSA");
    trust.checkClientTrusted(chainOf(alice.certificate()), "EdDSA");

    CertificateException e =
        assertThrows(
            CertificateException.class,
            () -> trust.checkServerTrusted(chainOf(bob.certificate()), "EdDSA"));
    assertEquals(
        "expected peer "
            + alice.peerId().shortForm()
            + " but the other side is "
            + bob.peerId().shortForm(),
        e.getMessage());
    assertThrows(
        CertificateException.class,
        () -> trust.checkClientTrusted(chainOf(bob.certificate()), "EdDSA"));
    assertThrows(
        CertificateException.class,
        () -> trust.checkClientTrusted(chainOf(ecdsaCertificate), "EC"));
  }

  @Test
  void trustManagersAreExtendedSoTheJdkAddsNoHostnameChecks() {
    assertInstanceOf(X509ExtendedTrustManager.class, PeerTrust.anyPeer());
    assertInstanceOf(X509ExtendedTrustManager.class, PeerTrust.pinned(alice.peerId()));
    assertEquals(0, PeerTrust.anyPeer().getAcceptedIssuers().length);
    assertEquals(0, PeerTrust.pinned(alice.peerId()).getAcceptedIssuers().length);
  }

  @Test
  void peerOfReadsTheLeafAndRefusesOtherKeys() {
    assertEquals(
        alice.peerId(),
        PeerTrust.peerOf(new Certificate[] {alice.certificate(), bob.certificate()}));
    assertThrows(
        IllegalArgumentException.class,
        () -> PeerTrust.peerOf(new Certificate[] {ecdsaCertificate}));
    assertThrows(IllegalArgumentException.class, () -> PeerTrust.peerOf(new Certificate[0]));
  }
}
