package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityFilesTest {

  @TempDir Path dir;

  private Path key() {
    return dir.resolve("peer.key");
  }

  private Path cert() {
    return dir.resolve("peer.crt");
  }

  @Test
  void firstStartCreatesOwnerOnlyKeyAndCertificateAsPem() throws IOException {
    Identity identity = Identity.loadOrCreate(dir);

    assertTrue(Files.readString(key()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertTrue(Files.readString(cert()).startsWith("-----BEGIN CERTIFICATE-----\n"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key())));
    assertEquals(
        identity.peerId(),
        PeerTrust.peerOf(new java.security.cert.Certificate[] {identity.certificate()}));
    assertEquals(Set.of("peer.key", "peer.crt"), fileNames(), "no temporary files are left behind");
  }

  @Test
  void createsAMissingDirectoryReadableOnlyByTheOwner() throws IOException {
    Path nested = dir.resolve("data/identity");
    Identity.loadOrCreate(nested);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));
    assertTrue(Files.exists(nested.resolve("peer.key")));
  }

  @Test
  void laterStartsReuseTheSameIdentity() throws Exception {
    Identity first = Identity.loadOrCreate(dir);
    Identity second = Identity.loadOrCreate(dir);
    assertEquals(first.peerId(), second.peerId());
    assertArrayEquals(first.certificate().getEncoded(), second.certificate().getEncoded());
    assertArrayEquals(
        first.keyPair().getPrivate().getEncoded(), second.keyPair().getPrivate().getEncoded());
    assertFalse(second.keyPair().getPrivate().getClass().getName().startsWith("org.bouncycastle"));
    assertFalse(second.keyPair().getPublic().getClass().getName().startsWith("org.bouncycastle"));
  }

  @Test
  void keyFileIsVersionOnePkcs8AsVertxRequires() throws IOException {
    Identity.loadOrCreate(dir);
    byte[] der;
    try (PemReader reader = new PemReader(Files.newBufferedReader(key()))) {
      der = reader.readPemObject().getContent();
    }
    ASN1Sequence sequence = ASN1Sequence.getInstance(der);
    assertEquals(0, ASN1Integer.getInstance(sequence.getObjectAt(0)).intValueExact());
    assertFalse(PrivateKeyInfo.getInstance(der).hasPublicKey());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "this is not a key",
        "-----BEGIN PRIVATE KEY-----\nTUlJQ0FOT1RBS0VZ\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\nTUlJQ0FOT1RBS0VZ\n-----END RSA PRIVATE KEY-----\n"
      })
  void corruptKeyFileStopsStartupWithoutReplacingTheKey(String corrupt) throws IOException {
    Files.writeString(key(), corrupt);
    IOException e = assertThrows(IOException.class, () -> Identity.loadOrCreate(dir));
    assertTrue(e.getMessage().contains("peer.key"), e.getMessage());
    assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
    assertEquals(corrupt, Files.readString(key()), "the key file must be left untouched");
    assertFalse(Files.exists(cert()));
  }

  @Test
  void errorAboutAKeyNeverQuotesTheKey() throws IOException {
    Identity.loadOrCreate(dir);
    String pem = Files.readString(key());
    String body = pem.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
    byte[] der = Base64.getDecoder().decode(body);
    der[5] ^= 0x55; // damage the structure, keep the secret bytes
    Files.writeString(
        key(),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getEncoder().encodeToString(der)
            + "\n-----END PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> Identity.loadOrCreate(dir));
    String everything = messages(e);
    assertFalse(everything.contains(body.substring(20, 40)), everything);
    assertFalse(
        everything.contains(Base64.getEncoder().encodeToString(der).substring(20, 40)), everything);
  }

  @Test
  void certificateOfAnotherKeyStopsStartup() throws Exception {
    Identity.loadOrCreate(dir);
    Identity other = Identity.generate();
    Files.writeString(
        cert(),
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(other.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    IOException e = assertThrows(IOException.class, () -> Identity.loadOrCreate(dir));
    assertTrue(e.getMessage().contains("peer.crt does not belong to"), e.getMessage());
  }

  @Test
  void damagedCertificateStopsStartup() throws IOException {
    Identity.loadOrCreate(dir);
    Files.writeString(cert(), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    IOException e = assertThrows(IOException.class, () -> Identity.loadOrCreate(dir));
    assertTrue(e.getMessage().contains("peer.crt"), e.getMessage());
  }

  @Test
  void missingCertificateIsRecreatedFromTheKey() throws IOException {
    PeerId original = Identity.loadOrCreate(dir).peerId();
    Files.delete(cert());
    Identity reloaded = Identity.loadOrCreate(dir);
    assertEquals(original, reloaded.peerId());
    assertTrue(Files.exists(cert()));
    assertEquals(original, Identity.loadOrCreate(dir).peerId());
  }

  @Test
  void certificateWithoutItsKeyStopsStartupRatherThanStartingAsSomeoneElse() throws IOException {
    Identity.loadOrCreate(dir);
    Files.delete(key());
    IOException e = assertThrows(IOException.class, () -> Identity.loadOrCreate(dir));
    assertTrue(e.getMessage().contains("peer.key is missing"), e.getMessage());
    assertFalse(Files.exists(key()));
  }

  @Test
  void tooOpenKeyFileIsTightenedToOwnerOnly() throws IOException {
    PeerId original = Identity.loadOrCreate(dir).peerId();
    Files.setPosixFilePermissions(key(), PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(original, Identity.loadOrCreate(dir).peerId());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key())));
  }

  private Set<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c).append('\n');
    }
    return all.toString();
  }
}
