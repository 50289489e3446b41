package dev.drawbridge.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps an identity in {@code peer.key} (PKCS#8 PEM, owner-only) and {@code peer.crt} (PEM). The
 * key is the user's identity, so nothing here ever overwrites or regenerates an existing key:
 * damaged or mismatched files stop startup with a message saying what to do.
 */
final class IdentityFiles {

  static final String KEY_FILE = "peer.key";
  static final String CERT_FILE = "peer.crt";

  private static final Logger LOG = Logger.getLogger(IdentityFiles.class);
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private IdentityFiles() {}

  static Identity loadOrCreate(Path dir) throws IOException {
    boolean posix = createDirectory(dir);
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    if (!Files.exists(keyFile)) {
      if (Files.exists(certFile)) {
        throw new IOException(
            certFile
                + " exists but "
                + keyFile
                + " is missing. The key is"
                + " this peer's identity: restore it from a backup, or delete "
                + certFile
                + " to start as a new peer.");
      }
      return create(keyFile, certFile, posix);
    }
    if (posix) {
      tightenKeyPermissions(keyFile);
    }
    PrivateKey privateKey = readKey(keyFile);
    KeyPair keyPair = new KeyPair(Ed25519Keys.publicKeyOf(privateKey), privateKey);
    X509Certificate certificate;
    if (Files.exists(certFile)) {
      certificate = readCertificate(certFile);
      requireSameKey(keyPair, certificate, keyFile, certFile);
    } else {
      certificate = SelfSignedCertificate.issue(keyPair);
      writeAtomically(
          certFile, Pem.encode("CERTIFICATE", encoded(certificate)), posix ? WORLD_READABLE : null);
      LOG.warnf("%s was missing; re-created it from %s", certFile, keyFile);
    }
    return new Identity(keyPair, certificate);
  }

  /** Creates the directory owner-only if missing; returns whether it supports POSIX modes. */
  private static boolean createDirectory(Path dir) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      } else {
        Files.createDirectories(dir);
      }
    }
    return posix;
  }

  private static Identity create(Path keyFile, Path certFile, boolean posix) throws IOException {
    KeyPair keyPair = Identity.newKeyPair();
    X509Certificate certificate = SelfSignedCertificate.issue(keyPair);
    byte[] der = keyPair.getPrivate().getEncoded();
    byte[] pem = Pem.encode("PRIVATE KEY", der);
    try {
      // Key first: a crash before the certificate is written is repaired on the next start.
      writeAtomically(keyFile, pem, posix ? OWNER_READ_WRITE : null);
    } finally {
      Arrays.fill(der, (byte) 0);
      Arrays.fill(pem, (byte) 0);
    }
    writeAtomically(
        certFile, Pem.encode("CERTIFICATE", encoded(certificate)), posix ? WORLD_READABLE : null);
    Identity identity = new Identity(keyPair, certificate);
    LOG.infof("Created a new identity %s in %s", identity.peerId(), keyFile.getParent());
    return identity;
  }

  /**
   * Writes a temporary file in the same directory (created with its final mode, so the key is never
   * readable by others even for a moment), flushes it to disk, then renames it into place: a crash
   * leaves either no file or the whole file, never half a key.
   */
  private static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    FileAttribute<?>[] attributes =
        mode == null
            ? new FileAttribute<?>[0]
            : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  // Makes the rename itself durable. Not every platform can open a directory; there it is skipped.
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debugf("could not sync directory %s: %s", dir, e.getMessage());
    }
  }

  private static void tightenKeyPermissions(Path keyFile) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
    if (!OWNER_READ_WRITE.containsAll(mode)) {
      Files.setPosixFilePermissions(keyFile, OWNER_READ_WRITE);
      LOG.warnf(
          "%s had mode %s; restricted it to rw------- (only you should read your key)",
          keyFile, PosixFilePermissions.toString(mode));
    }
  }

  private static PrivateKey readKey(Path keyFile) throws IOException {
    byte[] text = Files.readAllBytes(keyFile);
    byte[] der = null;
    try {
      der = Pem.decode(text, "PRIVATE KEY", keyFile.toString());
      return Ed25519Keys.sunPrivateKey(der);
    } catch (GeneralSecurityException | RuntimeException e) {
      // The cause is left out on purpose: a parser's message could quote key material.
      throw new IOException(
          keyFile
              + " is not a valid Ed25519 private key (PKCS#8 PEM). It is"
              + " this peer's identity, so it was left untouched: restore it from a backup,"
              + " or move it away to start as a new peer.");
    } catch (IOException e) {
      throw new IOException(
          e.getMessage()
              + ". It is this peer's identity, so it was left"
              + " untouched: restore it from a backup, or move it away to start as a new peer.");
    } finally {
      Arrays.fill(text, (byte) 0);
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }

  private static X509Certificate readCertificate(Path certFile) throws IOException {
    byte[] der = Pem.decode(Files.readAllBytes(certFile), "CERTIFICATE", certFile.toString());
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(
          certFile
              + " is not a valid X.509 certificate; delete it to have it"
              + " re-created from the key",
          e);
    }
  }

  /** Proves the certificate carries this key: sign with the private key, verify with the cert. */
  private static void requireSameKey(
      KeyPair keyPair, X509Certificate certificate, Path keyFile, Path certFile)
      throws IOException {
    byte[] message = new byte[32];
    new SecureRandom().nextBytes(message);
    boolean same;
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(keyPair.getPrivate());
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(message);
      same = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      same = false; // e.g. the certificate holds an RSA or EC key
    }
    if (!same) {
      throw new IOException(
          certFile
              + " does not belong to "
              + keyFile
              + ". The key is this"
              + " peer's identity: delete "
              + certFile
              + " to have it re-created from the key.");
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode our own certificate", e);
    }
  }
}
