package dev.drawbridge.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.share.Access;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every peer endpoint × every grant state (none, READ, READ_WRITE, revoked), over raw mutual-TLS
 * sockets: a granted peer is served, and every ungranted answer is byte for byte the answer for a
 * share that does not exist (status line, headers and body), so it tells nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantMatrixTest {
  @TempDir static Path tmp;
  SharingHost mesh;
  RawMeshRequests requests;
  final Identity none = Identity.generate();
  final Identity read = Identity.generate();
  final Identity readWrite = Identity.generate();
  final Identity revoked = Identity.generate();
  String etag;

  /** One request per endpoint, with {@code SHARE} where the share name goes. */
  Map<String, String> endpoints() {
    String batch = "{\"files\":[\"hello.txt\"]}";
    Map<String, String> m = new LinkedHashMap<>();
    m.put("GET file", "GET /peer/v1/shares/SHARE/hello.txt HTTP/1.1\r\n\r\n");
    m.put("HEAD file", "HEAD /peer/v1/shares/SHARE/hello.txt HTTP/1.1\r\n\r\n");
    m.put("Range", "GET /peer/v1/shares/SHARE/hello.txt HTTP/1.1\r\nRange: bytes=0-3\r\n\r\n");
    m.put("listing", "GET /peer/v1/shares/SHARE/ HTTP/1.1\r\n\r\n");
    m.put("sub listing", "GET /peer/v1/shares/SHARE/sub/ HTTP/1.1\r\n\r\n");
    m.put("manifest", "GET /peer/v1/manifests/SHARE/hello.txt HTTP/1.1\r\n\r\n");
    m.put(
        "chunk",
        "GET /peer/v1/chunks/SHARE/hello.txt?offset=0&length=5 HTTP/1.1\r\nIf-Match: "
            + etag
            + "\r\n\r\n");
    m.put(
        "HEAD chunk",
        "HEAD /peer/v1/chunks/SHARE/hello.txt?offset=0&length=5 HTTP/1.1\r\nIf-Match: "
            + etag
            + "\r\n\r\n");
    m.put(
        "batch",
        "POST /peer/v1/batch/SHARE HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
            + batch.length()
            + "\r\n\r\n"
            + batch);
    return m;
  }

  @BeforeAll
  void shareAFolder() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("shared/sub"));
    Files.writeString(folder.getParent().resolve("hello.txt"), "hello world");
    Files.writeString(folder.resolve("a.txt"), "a");
    mesh = new SharingHost(tmp.resolve("data"));
    requests = new RawMeshRequests(mesh);
    mesh.catalog.add("docs", folder.getParent().toString());
    mesh.catalog.grant("docs", read.peerId(), Access.READ);
    mesh.catalog.grant("docs", readWrite.peerId(), Access.READ_WRITE);
    mesh.catalog.grant("docs", revoked.peerId(), Access.READ);
    String head = text(raw(read, "HEAD /peer/v1/shares/docs/hello.txt HTTP/1.1\r\n\r\n"));
    etag = head.lines().filter(l -> l.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
    mesh.catalog.revoke("docs", revoked.peerId());
  }

  @AfterAll
  void stop() {
    mesh.close();
  }

  @Test
  void grantedPeersAreServedOnEveryEndpoint() throws Exception {
    for (Identity who : List.of(read, readWrite)) {
      for (Map.Entry<String, String> e : endpoints().entrySet()) {
        String answer = text(raw(who, e.getValue().replace("SHARE", "docs")));
        String expected = e.getKey().equals("Range") ? "HTTP/1.1 206 " : "HTTP/1.1 200 ";
        assertEquals(expected, answer.substring(0, expected.length()), e.getKey() + ": " + answer);
      }
    }
  }

  @Test
  void ungrantedAnswersAreByteIdenticalToANonexistentShare() throws Exception {
    for (Identity who : List.of(none, revoked)) {
      for (Map.Entry<String, String> e : endpoints().entrySet()) {
        byte[] missing = raw(who, e.getValue().replace("SHARE", "nosuchshare"));
        byte[] ungranted = raw(who, e.getValue().replace("SHARE", "docs"));
        assertEquals("HTTP/1.1 404 Not Found", text(missing).lines().findFirst().orElse(""));
        assertArrayEquals(missing, ungranted, e.getKey() + ": " + text(ungranted));
      }
    }
  }

  @Test
  void theShareListShowsExactlyWhatIsGranted() throws Exception {
    String list = "GET /peer/v1/shares HTTP/1.1\r\n\r\n";
    assertEquals("[]", body(raw(none, list)));
    assertEquals("[]", body(raw(revoked, list)));
    assertEquals("[{\"name\":\"docs\",\"access\":\"READ\"}]", body(raw(read, list)));
    assertEquals("[{\"name\":\"docs\",\"access\":\"READ_WRITE\"}]", body(raw(readWrite, list)));
  }

  private byte[] raw(Identity who, String request) throws Exception {
    return requests.raw(who, request);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String body(byte[] b) {
    String t = text(b);
    return t.substring(t.indexOf("\r\n\r\n") + 4);
  }
}
