package dev.drawbridge.peerapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** POST /peer/v1/batch/{share}: many small files in one stream, over real mutual TLS. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchApiTest {
  SharedFolder folder;

  @BeforeEach
  void shareAFolder() throws Exception {
    if (folder == null) {
      folder = new SharedFolder();
      Files.createDirectories(folder.dir.resolve("sub"));
    }
  }

  Response post(dev.drawbridge.identity.Identity who, String share, String body) {
    return MeshClient.as(who, folder.host, folder.meshPort)
        .contentType("application/json")
        .body(body)
        .post("/peer/v1/batch/" + share);
  }

  static String body(String... paths) {
    return new JsonObject().put("files", new JsonArray(List.of((Object[]) paths))).encode();
  }

  /** One entry of the stream: its head and (for files) its bytes. */
  record Entry(JsonObject head, byte[] bytes) {}

  static List<Entry> entries(byte[] stream) {
    List<Entry> out = new ArrayList<>();
    int pos = 0;
    while (pos < stream.length) {
      int nl = pos;
      while (stream[nl] != '\n') {
        nl++;
      }
      JsonObject head = new JsonObject(new String(stream, pos, nl - pos, StandardCharsets.UTF_8));
      pos = nl + 1;
      byte[] bytes = null;
      if (head.containsKey("size")) {
        bytes = Arrays.copyOfRange(stream, pos, pos + head.getInteger("size"));
        pos += bytes.length;
      }
      out.add(new Entry(head, bytes));
    }
    return out;
  }

  @Test
  void streamsEachFileInOrderWithItsVersionAndHashOrARefusal() throws Exception {
    byte[] a = folder.write("a.txt", 4096, 1);
    byte[] b =
        folder.write("sub/b.bin", 70_000, 2); // newlines and all: bytes are counted, not parsed
    folder.write("empty.txt", 0, 3);
    folder.write("big.bin", (1 << 20) + 1, 4);
    Files.createSymbolicLink(folder.dir.resolve("link.txt"), folder.dir.resolve("a.txt"));

    Response r =
        post(
            folder.granted,
            folder.share,
            body(
                "a.txt",
                "sub/b.bin",
                "empty.txt",
                "missing.txt",
                "sub",
                "big.bin",
                "link.txt",
                "../../etc/passwd"));

    r.then().statusCode(200).contentType("application/x-drawbridge-batch");
    List<Entry> e = entries(r.asByteArray());
    assertEquals(8, e.size());
    for (int i = 0; i < e.size(); i++) {
      assertEquals(i, e.get(i).head().getInteger("i"), "in the order asked");
    }
    assertArrayEquals(a, e.get(0).bytes());
    assertEquals(SharedFolder.digest(a), e.get(0).head().getString("sha256"));
    String etag =
        folder
            .as(folder.granted, "HEAD", "/peer/v1/shares/" + folder.share + "/a.txt")
            .header("ETag");
    assertEquals(etag, e.get(0).head().getString("etag"), "the same validator a GET gives");
    assertArrayEquals(b, e.get(1).bytes());
    assertEquals(SharedFolder.digest(b), e.get(1).head().getString("sha256"));
    assertEquals(0, e.get(2).bytes().length);
    assertEquals("not_found", e.get(3).head().getString("error"));
    assertEquals("is_directory", e.get(4).head().getString("error"));
    assertEquals("too_large", e.get(5).head().getString("error"));
    assertEquals("not_found", e.get(6).head().getString("error"), "symlinks are never followed");
    assertEquals("bad_path", e.get(7).head().getString("error"));
    for (Entry x : e) {
      assertFalse(x.head().encode().contains(folder.dir.toString()), "no host path ever leaks");
    }
  }

  @Test
  void anUngrantedShareIsTheSame404AsAMissingOne() {
    Response stranger = post(folder.stranger, folder.share, body("a.txt"));
    Response missing = post(folder.granted, "no-such-share", body("a.txt"));
    stranger.then().statusCode(404);
    missing.then().statusCode(404);
    assertEquals(missing.asString(), stranger.asString());
  }

  @Test
  void refusesBadRequestsAsAWhole() {
    record Case(String name, String body, int status) {}
    String many =
        body(
            java.util.stream.IntStream.range(0, 513).mapToObj(i -> "f" + i).toArray(String[]::new));
    String huge = "{\"files\":[\"" + "a".repeat((1 << 20) + 10) + "\"]}";
    for (Case c :
        List.of(
            new Case("not_json", "hello", 400),
            new Case("no_files", "{}", 400),
            new Case("empty_list", body(), 400),
            new Case("over_512_files", many, 400),
            new Case("not_strings", "{\"files\":[1,2]}", 400),
            new Case("body_over_1_mib", huge, 400))) {
      assertEquals(c.status(), post(folder.granted, folder.share, c.body()).statusCode(), c.name());
    }
  }

  @Test
  void onlyPostIsABatch() {
    assertEquals(
        405, folder.as(folder.granted, "GET", "/peer/v1/batch/" + folder.share).statusCode());
    assertEquals(
        405, folder.as(folder.granted, "PUT", "/peer/v1/batch/" + folder.share).statusCode());
  }
}
