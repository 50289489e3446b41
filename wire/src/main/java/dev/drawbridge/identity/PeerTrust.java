package dev.drawbridge.identity;

import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust decisions: any well-formed Ed25519 peer certificate (the app checks who), or exactly
 * one expected PeerId.
 *
 * <p>Peers are known by key, not by certificate authority, name or date, so none of those are
 * checked; the TLS handshake itself proves the other side holds the private key of the leaf. The
 * managers extend {@link X509ExtendedTrustManager} because the JDK would otherwise wrap them and
 * add hostname checks that make no sense for peers.
 */
public final class PeerTrust {

  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private PeerTrust() {}

  /** Accepts a chain whose leaf has an Ed25519 key; the caller then decides who that peer is. */
  public static X509TrustManager anyPeer() {
    return new PeerTrustManager(null);
  }

  /** Accepts only the peer with this PeerId, whether it is the server or the client. */
  public static X509TrustManager pinned(PeerId expected) {
    return new PeerTrustManager(Objects.requireNonNull(expected, "expected"));
  }

  /**
   * The PeerId of a chain's leaf, e.g. from {@code SSLSession.getPeerCertificates()}.
   *
   * @throws IllegalArgumentException if the chain is empty or its leaf has no Ed25519 key
   */
  public static PeerId peerOf(Certificate[] chain) {
    if (chain == null || chain.length == 0 || chain[0] == null) {
      throw new IllegalArgumentException("the peer presented no certificate");
    }
    try {
      return PeerId.of(chain[0].getPublicKey());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the peer's certificate has no Ed25519 key ("
              + chain[0].getPublicKey().getAlgorithm()
              + ")",
          e);
    }
  }

  private static final class PeerTrustManager extends X509ExtendedTrustManager {

    private final PeerId expected; // null: any Ed25519 peer

    PeerTrustManager(PeerId expected) {
      this.expected = expected;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      PeerId presented;
      try {
        presented = peerOf(chain);
      } catch (IllegalArgumentException e) {
        throw new CertificateException(e.getMessage(), e);
      }
      if (expected != null && !expected.equals(presented)) {
        throw new CertificateException(
            "expected peer "
                + expected.shortForm()
                + " but the other side is "
                + presented.shortForm());
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return NO_ISSUERS; // empty: there is nothing to share
    }
  }
}
