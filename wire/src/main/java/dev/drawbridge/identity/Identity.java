package dev.drawbridge.identity;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/** This peer's key pair and self-signed certificate, kept as standard PEM files. */
public final class Identity {

  private static final String ALIAS = "peer";
  // The KeyStore never leaves memory; PKCS12 merely insists on some password.
  private static final char[] IN_MEMORY_PASSWORD = "drawbridge".toCharArray();

  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final PeerId peerId;
  private volatile X509KeyManager keyManager;

  Identity(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.peerId = PeerId.of(keyPair.getPublic());
  }

  /**
   * Reads {@code peer.key} and {@code peer.crt} from the directory, creating them on first use.
   * Never replaces an existing key: if it is damaged or does not match, this fails instead.
   */
  public static Identity loadOrCreate(Path identityDir) throws IOException {
    return IdentityFiles.loadOrCreate(identityDir);
  }

  /** A new identity held only in memory (tests, throwaway peers). */
  public static Identity generate() {
    KeyPair keyPair = newKeyPair();
    return new Identity(keyPair, SelfSignedCertificate.issue(keyPair));
  }

  // The JDK's generator: SunEC key objects (needed by SunJSSE) with version-1 PKCS#8 encoding.
  static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  public PeerId peerId() {
    return peerId;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Presents this identity in TLS 1.3, as client and as server. */
  public X509KeyManager keyManager() {
    X509KeyManager result = keyManager;
    if (result == null) {
      // Racing threads may both build one; they are equivalent, so no lock is needed.
      result = buildKeyManager();
      keyManager = result;
    }
    return result;
  }

  private X509KeyManager buildKeyManager() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          ALIAS, keyPair.getPrivate(), IN_MEMORY_PASSWORD, new Certificate[] {certificate});
      KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
      factory.init(store, IN_MEMORY_PASSWORD);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509KeyManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK offered no X509KeyManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build a key manager for " + peerId.shortForm(), e);
    }
  }

  /**
   * A TLS context presenting this identity and deciding trust with {@code trust} (see {@link
   * PeerTrust}). Peers negotiate TLS 1.3; its downgrade protection stops a middleman from pushing
   * two of our peers to an older version.
   */
  public SSLContext sslContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(new KeyManager[] {keyManager()}, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no TLS 1.3", e);
    }
  }

  /** A friendly name for people; see {@link DisplayName}. */
  public String displayName() {
    return DisplayName.of(peerId);
  }

  @Override
  public String toString() {
    return "Identity[" + peerId + "]";
  }
}
