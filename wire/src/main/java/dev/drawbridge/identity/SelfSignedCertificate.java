package dev.drawbridge.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the self-signed certificate that carries a peer's key in TLS. Peers trust keys, not
 * certificates, so the dates only need to never get in the way.
 */
final class SelfSignedCertificate {

  // RFC 5280 4.1.2.5: 99991231235959Z means "no well-defined expiration date".
  private static final Date NOT_AFTER =
      Date.from(ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toInstant());
  // A day of slack so a peer whose clock is behind still accepts a brand-new certificate.
  private static final Duration BACKDATE = Duration.ofDays(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private SelfSignedCertificate() {}

  static X509Certificate issue(KeyPair keyPair) {
    PeerId id = PeerId.of(keyPair.getPublic());
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, id.value()).build();
    // Positive and non-zero, at most 16 bytes encoded, as RFC 5280 asks.
    BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
    Date notBefore = Date.from(Instant.now().minus(BACKDATE));
    try {
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name, serial, notBefore, NOT_AFTER, name, keyPair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .build(new JcaContentSignerBuilder("Ed25519").build(keyPair.getPrivate()));
      // Parsed by the JDK so the certificate (and its public key) are SunEC/SUN objects.
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("could not issue a certificate for " + id.shortForm(), e);
    }
  }
}
