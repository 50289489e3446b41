package dev.drawbridge.peerapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The peer API over a real mutual-TLS connection, with real client certificates. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerApiTest {
  static final byte[] NESTED = new byte[300_000];
  final Identity granted = Identity.generate();
  final Identity stranger = Identity.generate();
  String share;
  PeerId host;
  int meshPort;

  // RestAssured learns the app's port per test, so set-up runs lazily before the first test.
  @BeforeEach
  void shareAFolderWithOnePeer() throws Exception {
    if (share != null) {
      return;
    }
    new Random(7).nextBytes(NESTED);
    Path dir =
        Files.createDirectories(Path.of("target/test-shares", UUID.randomUUID().toString()))
            .toAbsolutePath();
    Files.writeString(dir.resolve("hello.txt"), "hello world");
    Files.createDirectories(dir.resolve("dir/sub"));
    Files.write(dir.resolve("dir/nested.bin"), NESTED);
    Files.writeString(dir.resolve("dir/a.txt"), "a");
    Files.createSymbolicLink(dir.resolve("escape"), Path.of("/etc/passwd"));
    share = "s" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + share + "\",\"path\":\"" + dir + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"READ\"}")
        .put("/api/v1/shares/" + share + "/grants/" + granted.peerId())
        .then()
        .statusCode(201);
    Response me = given().get("/api/v1/identity");
    host = PeerId.parse(me.path("peerId"));
    meshPort = me.path("meshPort");
  }

  Response as(Identity who, String method, String uri, String... headers) {
    var spec = MeshClient.as(who, host, meshPort);
    for (int i = 0; i < headers.length; i += 2) {
      spec.header(headers[i], headers[i + 1]);
    }
    return spec.request(method, uri);
  }

  @Test
  void listsOnlyGrantedShares() {
    as(granted, "GET", "/peer/v1/shares")
        .then()
        .statusCode(200)
        .body("name", contains(share))
        .body("access", contains("READ"));
    as(stranger, "GET", "/peer/v1/shares").then().statusCode(200).body("$", hasSize(0));
  }

  @Test
  void servesAFileWithValidators() {
    Response r = as(granted, "GET", "/peer/v1/shares/" + share + "/hello.txt");
    r.then()
        .statusCode(200)
        .header("Content-Length", "11")
        .header("Accept-Ranges", "bytes")
        .header("ETag", not(emptyOrNullString()))
        .header("Last-Modified", not(emptyOrNullString()));
    assertEquals("hello world", r.asString());
    assertArrayEquals(
        NESTED, as(granted, "GET", "/peer/v1/shares/" + share + "/dir/nested.bin").asByteArray());
  }

  /** Named cases: request → status and, where it matters, body. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("head_has_length_no_body", "HEAD", "/hello.txt", List.of(), 200, ""),
        Arguments.of(
            "range_middle", "GET", "/hello.txt", List.of("Range", "bytes=2-6"), 206, "llo w"),
        Arguments.of(
            "range_suffix", "GET", "/hello.txt", List.of("Range", "bytes=-5"), 206, "world"),
        Arguments.of(
            "range_open_end", "GET", "/hello.txt", List.of("Range", "bytes=6-"), 206, "world"),
        Arguments.of(
            "range_past_end_clamped",
            "GET",
            "/hello.txt",
            List.of("Range", "bytes=6-999"),
            206,
            "world"),
        Arguments.of(
            "range_unsatisfiable", "GET", "/hello.txt", List.of("Range", "bytes=11-"), 416, null),
        Arguments.of(
            "range_multi_ignored",
            "GET",
            "/hello.txt",
            List.of("Range", "bytes=0-1,3-4"),
            200,
            "hello world"),
        Arguments.of(
            "if_range_stale_sends_all",
            "GET",
            "/hello.txt",
            List.of("Range", "bytes=0-1", "If-Range", "\"old\""),
            200,
            "hello world"),
        Arguments.of(
            "if_none_match_star", "GET", "/hello.txt", List.of("If-None-Match", "*"), 304, ""),
        Arguments.of("folder_without_slash", "GET", "/dir", List.of(), 409, null),
        Arguments.of("file_with_slash", "GET", "/hello.txt/", List.of(), 409, null),
        Arguments.of("missing_file", "GET", "/nope.txt", List.of(), 404, null),
        Arguments.of("symlink_out_of_share", "GET", "/escape", List.of(), 404, null),
        Arguments.of("reject_dotdot", "GET", "/../../etc/passwd", List.of(), 400, null),
        Arguments.of(
            "reject_encoded_dotdot", "GET", "/%2e%2e/%2e%2e/etc/passwd", List.of(), 400, null),
        Arguments.of(
            "reject_encoded_slash", "GET", "/..%2f..%2fetc%2fpasswd", List.of(), 400, null),
        Arguments.of("reject_backslash", "GET", "/..%5c..%5cetc", List.of(), 400, null),
        Arguments.of("reject_overlong_utf8", "GET", "/%c0%ae%c0%ae/x", List.of(), 400, null),
        Arguments.of("reject_nul", "GET", "/hello.txt%00.jpg", List.of(), 400, null),
        Arguments.of(
            "reject_put_on_read_grant",
            "PUT",
            "/new.txt",
            List.of(),
            403,
            "{\"error\":\"read_only\",\"message\":\"this share is granted to you read-only\"}"),
        Arguments.of("reject_delete", "DELETE", "/hello.txt", List.of(), 405, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersGrantedPeer(
      String name, String method, String path, List<String> headers, int status, String body) {
    Response r =
        as(granted, method, "/peer/v1/shares/" + share + path, headers.toArray(String[]::new));
    r.then().statusCode(status);
    if (body != null) {
      assertEquals(body, r.asString(), name);
    }
    if (status >= 400) {
      r.then()
          .contentType(containsString("application/json"))
          .body("error", not(emptyOrNullString()));
      assertEquals(
          -1,
          r.asString().indexOf(Path.of("target").toAbsolutePath().toString()),
          "no host path leaks");
    }
  }

  @Test
  void answersRangeNotSatisfiableWithTheLength() {
    as(granted, "GET", "/peer/v1/shares/" + share + "/hello.txt", "Range", "bytes=50-")
        .then()
        .statusCode(416)
        .header("Content-Range", "bytes */11");
  }

  @Test
  void answersConditionalRequestsWithTheSameETag() {
    String etag = as(granted, "HEAD", "/peer/v1/shares/" + share + "/hello.txt").header("ETag");
    as(granted, "GET", "/peer/v1/shares/" + share + "/hello.txt", "If-None-Match", etag)
        .then()
        .statusCode(304);
    as(
            granted,
            "GET",
            "/peer/v1/shares/" + share + "/hello.txt",
            "Range",
            "bytes=0-4",
            "If-Range",
            etag)
        .then()
        .statusCode(206)
        .body(equalTo("hello"));
  }

  @Test
  void listsFoldersSortedAndPaginated() {
    as(granted, "GET", "/peer/v1/shares/" + share + "/")
        .then()
        .statusCode(200)
        .body("entries.name", contains("dir", "hello.txt")) // the symlink is never listed
        .body("entries.type", contains("dir", "file"))
        .body("next", nullValue());
    Response first = as(granted, "GET", "/peer/v1/shares/" + share + "/dir/?limit=2");
    first
        .then()
        .statusCode(200)
        .body("entries.name", contains("a.txt", "nested.bin"))
        .body("entries[1].size", equalTo(NESTED.length));
    String next = first.path("next");
    as(granted, "GET", "/peer/v1/shares/" + share + "/dir/?limit=2&cursor=" + next)
        .then()
        .statusCode(200)
        .body("entries.name", contains("sub"))
        .body("next", nullValue());
    as(granted, "GET", "/peer/v1/shares/" + share + "/dir/?cursor=%21%21").then().statusCode(400);
  }

  @Test
  void strangerGetsTheSame404ForEverything() {
    String notFound =
        as(granted, "GET", "/peer/v1/shares/no-such-share/")
            .then()
            .statusCode(404)
            .extract()
            .asString();
    for (String path :
        new String[] {"/", "/hello.txt", "/dir/", "/nope", "/../../etc/passwd", "/%2e%2e/"}) {
      for (String method : new String[] {"GET", "HEAD"}) {
        Response r = as(stranger, method, "/peer/v1/shares/" + share + path);
        r.then().statusCode(404);
        if (method.equals("GET")) {
          assertEquals(notFound, r.asString(), "identical body for " + path);
        }
        assertEquals(null, r.header("ETag"));
        assertEquals(null, r.header("Content-Range"));
      }
    }
  }

  @Test
  void theHostProvesItsIdentity() {
    as(granted, "GET", "/peer/v1/hello")
        .then()
        .statusCode(200)
        .body("peerId", equalTo(host.value()));
    // A client that expects some other peer at this address refuses the handshake.
    PeerId someoneElse = Identity.generate().peerId();
    assertThrows(
        SSLException.class,
        () ->
            MeshClient.with(granted.sslContext(PeerTrust.pinned(someoneElse)), meshPort)
                .get("/peer/v1/shares"));
  }

  @Test
  void refusesAClientWithoutCertificate() throws Exception {
    SSLContext noCert = SSLContext.getInstance("TLSv1.3");
    noCert.init(null, new javax.net.ssl.TrustManager[] {PeerTrust.pinned(host)}, null);
    assertThrows(
        Exception.class,
        () -> MeshClient.with(noCert, meshPort).get("/peer/v1/shares").then().statusCode(200));
  }

  @Test
  void refusesAClientClaimingAnotherPeersKey() throws Exception {
    // The forged certificate carries the granted peer's public key, but the client holds a
    // different private key.
    var attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    X500Name name = new X500Name("CN=" + granted.peerId());
    X509Certificate forged =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.TEN,
                        new Date(System.currentTimeMillis() - 86_400_000L),
                        new Date(4102444800000L),
                        name,
                        granted.keyPair().getPublic())
                    .build(new JcaContentSignerBuilder("Ed25519").build(attacker.getPrivate())));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("peer", attacker.getPrivate(), new char[0], new X509Certificate[] {forged});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {PeerTrust.pinned(host)}, null);

    assertThrows(
        Exception.class,
        () ->
            MeshClient.with(ctx, meshPort)
                .get("/peer/v1/shares/" + share + "/hello.txt")
                .then()
                .statusCode(200));
    // The genuine holder of that key still gets in.
    as(granted, "GET", "/peer/v1/shares/" + share + "/hello.txt")
        .then()
        .statusCode(200)
        .body(
            equalTo(
                new String(
                    "hello world".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
  }
}
