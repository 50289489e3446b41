package dev.drawbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.share.Access;
import dev.drawbridge.upload.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every upload endpoint × every grant state, over raw mutual-TLS sockets: READ_WRITE works, READ
 * gets 403 read_only where it may write, and no grant (or a revoked one) gets byte for byte the
 * answer for a share that does not exist. A revoke during an upload cuts its body at once and
 * removes its partial file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadGrantMatrixTest {
  @TempDir static Path tmp;
  SharingHost mesh;
  RawMeshRequests requests;
  Path inbox;
  final Identity none = Identity.generate();
  final Identity read = Identity.generate();
  final Identity readWrite = Identity.generate();
  final Identity revoked = Identity.generate();
  final Identity cut = Identity.generate();
  static final String HELLO_DIGEST = "sha-256=:" + UploadPeer.sha256("hello".getBytes()) + ":";

  /** One request per endpoint: SHARE is the share, UPLOAD an upload id, WHO the caller. */
  static Map<String, String> endpoints() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "PUT small",
        "PUT /peer/v1/shares/SHARE/WHO.txt HTTP/1.1\r\nUpload-Length: 5\r\nUpload-Complete: ?1\r\n"
            + "Content-Digest: "
            + HELLO_DIGEST
            + "\r\nContent-Length: 5\r\n\r\nhello");
    m.put(
        "PUT create",
        "PUT /peer/v1/shares/SHARE/WHO.bin HTTP/1.1\r\nUpload-Length: 5\r\nUpload-Complete: ?0\r\n"
            + "Content-Length: 0\r\n\r\n");
    m.put("MKCOL", "MKCOL /peer/v1/shares/SHARE/WHO-dir/ HTTP/1.1\r\n\r\n");
    m.put("HEAD upload", "HEAD /peer/v1/uploads/UPLOAD HTTP/1.1\r\n\r\n");
    m.put(
        "PATCH upload",
        "PATCH /peer/v1/uploads/UPLOAD HTTP/1.1\r\nUpload-Offset: 0\r\nUpload-Complete: ?0\r\n"
            + "Content-Type: application/partial-upload\r\nContent-Digest: "
            + HELLO_DIGEST
            + "\r\nContent-Length: 5\r\n\r\nhello");
    m.put("DELETE upload", "DELETE /peer/v1/uploads/UPLOAD HTTP/1.1\r\n\r\n");
    String batch =
        "{\"path\":\"WHO-batch.txt\",\"size\":5,\"sha256\":\""
            + java.util.HexFormat.of()
                .formatHex(
                    java.util.Base64.getDecoder()
                        .decode(HELLO_DIGEST.substring(9, HELLO_DIGEST.length() - 1)))
            + "\"}\nhello";
    m.put(
        "batch upload",
        "POST /peer/v1/batch-upload/SHARE HTTP/1.1\r\nContent-Type: application/x-drawbridge-batch\r\n"
            + "Content-Length: BATCHLEN\r\n\r\n"
            + batch);
    return m;
  }

  @BeforeAll
  void start() throws Exception {
    inbox = Files.createDirectories(tmp.resolve("inbox"));
    mesh = new SharingHost(tmp.resolve("data"));
    requests = new RawMeshRequests(mesh);
    mesh.catalog.add("inbox", inbox.toString());
    mesh.catalog.grant("inbox", read.peerId(), Access.READ);
    mesh.catalog.grant("inbox", readWrite.peerId(), Access.READ_WRITE);
    mesh.catalog.grant("inbox", revoked.peerId(), Access.READ_WRITE);
    mesh.catalog.grant("inbox", cut.peerId(), Access.READ_WRITE);
    mesh.catalog.revoke("inbox", revoked.peerId());
  }

  @AfterAll
  void stop() {
    mesh.close();
  }

  /** A fresh upload of 10 bytes by {@code readWrite}: its id. */
  String uploadOfReadWrite(String name) throws Exception {
    String answer =
        text(
            raw(
                readWrite,
                "PUT /peer/v1/shares/inbox/"
                    + name
                    + " HTTP/1.1\r\nUpload-Length: 10\r\nUpload-Complete: ?0\r\n"
                    + "Content-Length: 0\r\n\r\n"));
    String loc = answer.lines().filter(l -> l.startsWith("Location: ")).findFirst().orElseThrow();
    return loc.substring(loc.lastIndexOf('/') + 1);
  }

  String request(String template, String share, String upload, String who) {
    String r = template.replace("SHARE", share).replace("UPLOAD", upload).replace("WHO", who);
    int body = r.indexOf("\r\n\r\n") + 4;
    return r.replace("BATCHLEN", Integer.toString(r.length() - body));
  }

  @Test
  void readWriteIsServedOnEveryUploadEndpoint() throws Exception {
    Map<String, String> expected =
        Map.of(
            "PUT small",
            "201",
            "PUT create",
            "202",
            "MKCOL",
            "201",
            "HEAD upload",
            "204",
            "PATCH upload",
            "204",
            "DELETE upload",
            "204",
            "batch upload",
            "200");
    String upload = uploadOfReadWrite("mine.bin");
    for (Map.Entry<String, String> e : endpoints().entrySet()) {
      String answer = text(raw(readWrite, request(e.getValue(), "inbox", upload, "rw")));
      assertTrue(
          answer.startsWith("HTTP/1.1 " + expected.get(e.getKey()) + " "),
          e.getKey() + ": " + answer);
    }
    assertEquals("hello", Files.readString(inbox.resolve("rw.txt")));
    assertTrue(Files.isDirectory(inbox.resolve("rw-dir")));
    assertEquals("hello", Files.readString(inbox.resolve("rw-batch.txt")));
  }

  @Test
  void readOnlyGetsForbiddenWhereItCouldWriteAndNotFoundForOthersUploads() throws Exception {
    String upload = uploadOfReadWrite("theirs-r.bin");
    for (Map.Entry<String, String> e : endpoints().entrySet()) {
      String answer = text(raw(read, request(e.getValue(), "inbox", upload, "r")));
      if (e.getKey().endsWith(" upload") && !e.getKey().startsWith("batch")) {
        byte[] unknown = raw(read, request(e.getValue(), "inbox", "AAAAAAAAAAAAAAAAAAAAAAAA", "r"));
        assertEquals(text(unknown), answer, e.getKey() + ": another's upload is an unknown one");
        assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
      } else {
        assertTrue(answer.startsWith("HTTP/1.1 403 "), e.getKey() + ": " + answer);
        assertTrue(answer.contains("{\"error\":\"read_only\""), answer);
      }
    }
    assertFalse(Files.exists(inbox.resolve("r.txt")));
    assertFalse(Files.exists(inbox.resolve("r-dir")));
  }

  @Test
  void ungrantedAnswersAreByteIdenticalToANonexistentShare() throws Exception {
    String upload = uploadOfReadWrite("theirs.bin");
    for (Identity who : List.of(none, revoked)) {
      for (Map.Entry<String, String> e : endpoints().entrySet()) {
        byte[] missing =
            raw(who, request(e.getValue(), "nosuchshare", "AAAAAAAAAAAAAAAAAAAAAAAA", "x"));
        byte[] ungranted = raw(who, request(e.getValue(), "inbox", upload, "x"));
        assertEquals("HTTP/1.1 404 Not Found", text(missing).lines().findFirst().orElse(""));
        assertArrayEquals(missing, ungranted, e.getKey() + ": " + text(ungranted));
      }
    }
    assertFalse(Files.exists(inbox.resolve("x.txt")));
    assertFalse(Files.exists(inbox.resolve("x-dir")));
  }

  @Test
  void aRevokeCutsAnUploadBodyAtOnceAndRemovesItsPartial() throws Exception {
    String created =
        text(
            raw(
                cut,
                "PUT /peer/v1/shares/inbox/cut.bin HTTP/1.1\r\nUpload-Length: 134217728\r\n"
                    + "Upload-Complete: ?0\r\nContent-Length: 0\r\n\r\n"));
    String loc = created.lines().filter(l -> l.startsWith("Location: ")).findFirst().orElseThrow();
    String id = loc.substring(loc.lastIndexOf('/') + 1);
    Path partial = inbox.resolve(Upload.FOLDER).resolve(id + ".partial");
    try (SSLSocket s = requests.socket(cut)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("PATCH /peer/v1/uploads/"
                  + id
                  + " HTTP/1.1\r\nHost: peer\r\nUpload-Offset: 0\r\nContent-Type: application/partial-upload\r\n"
                  + "Content-Digest: "
                  + HELLO_DIGEST
                  + "\r\nContent-Length: 67108864\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] mib = new byte[1 << 20];
      for (int i = 0; i < 3; i++) {
        out.write(mib);
      }
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(partial) >= 1 << 20);
      long revokedAt = System.nanoTime();
      mesh.catalog.revoke("inbox", cut.peerId());
      boolean broke = false;
      try {
        s.setSoTimeout(5000);
        for (int i = 0; i < 60; i++) {
          out.write(mib);
          out.flush();
        }
        InputStream in = s.getInputStream();
        broke = in.read() < 0;
      } catch (IOException e) {
        broke = true;
      }
      long tookMs = (System.nanoTime() - revokedAt) / 1_000_000;
      assertTrue(broke, "the body was cut");
      assertTrue(tookMs < 1000, "cut within a second, took " + tookMs + " ms");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(partial));
    assertFalse(Files.exists(inbox.resolve("cut.bin")));
    assertTrue(mesh.host.incomingUploads().all().stream().noneMatch(u -> u.id().equals(id)));
    try (Stream<Path> files = Files.list(inbox)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("cut")));
    }
  }

  private byte[] raw(Identity who, String request) throws Exception {
    return requests.raw(who, request);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
