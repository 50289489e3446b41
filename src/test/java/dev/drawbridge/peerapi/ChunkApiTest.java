package dev.drawbridge.peerapi;

import static dev.drawbridge.peerapi.SharedFolder.MIB;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.mesh.DirectTransport;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.mesh.PeerDialer;
import dev.drawbridge.mesh.Route;
import dev.drawbridge.peerapi.coding.Compression;
import dev.drawbridge.peerapi.coding.TextSamples;
import dev.drawbridge.peerapi.coding.ZstdCodec;
import dev.drawbridge.share.SharePath;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chunk resource over real mutual TLS against the running host (compression "auto"): exactly
 * the bytes asked for, zstd-coded when they compress and the caller accepts it, identity otherwise.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkApiTest {
  @Inject Vertx vertx;
  SharedFolder folder;
  PeerDialer dialer;

  @BeforeEach
  void shareAFolder() throws Exception {
    if (folder == null) {
      folder = new SharedFolder();
      dialer =
          new PeerDialer(
              List.of(
                  new DirectTransport(
                      vertx,
                      folder.granted,
                      p -> List.of(new PeerAddress("127.0.0.1", folder.meshPort)),
                      Route.Kind.DIRECT)));
    }
  }

  @AfterAll
  void hangUp() {
    dialer.close();
  }

  byte[] put(String name, byte[] bytes) throws Exception {
    Files.write(folder.dir.resolve(name), bytes);
    return bytes;
  }

  String etag(String name) {
    return folder
        .as(folder.granted, "HEAD", "/peer/v1/shares/" + folder.share + "/" + name)
        .header("ETag");
  }

  Response chunk(String name, long offset, int length, String... headers) {
    return folder.as(
        folder.granted,
        "GET",
        "/peer/v1/chunks/" + folder.share + "/" + name + "?offset=" + offset + "&length=" + length,
        headers);
  }

  static String sha256(byte[] b) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void aCompressibleChunkArrivesZstdCodedAndDecodesToItsManifestHash() throws Exception {
    byte[] text = put("server.log", TextSamples.logLines(3 * MIB, 1));
    String etag = etag("server.log");

    Response r = chunk("server.log", MIB, MIB, "If-Match", etag, "Accept-Encoding", "zstd");

    r.then()
        .statusCode(200)
        .header("Content-Encoding", "zstd")
        .header("Vary", "Accept-Encoding")
        .header("Cache-Control", "no-store")
        .header("Content-Range", nullValue());
    byte[] frame = r.asByteArray();
    assertEquals(frame.length, Integer.parseInt(r.header("Content-Length")));
    assertTrue(frame.length < MIB / 2, "expected a real saving, got " + frame.length + " bytes");
    byte[] decoded = ZstdCodec.decompress(frame, frame.length, MIB);
    assertArrayEquals(Arrays.copyOfRange(text, MIB, 2 * MIB), decoded);
    assertEquals(SharedFolder.chunkHashes(text, MIB).get(1), sha256(decoded));
  }

  @Test
  void anIncompressibleChunkArrivesIdentityCoded() throws Exception {
    byte[] noise = folder.write("noise.bin", 2 * MIB, 2);

    Response r =
        chunk("noise.bin", 0, MIB, "If-Match", etag("noise.bin"), "Accept-Encoding", "zstd");

    r.then()
        .statusCode(200)
        .header("Content-Encoding", nullValue())
        .header("Content-Length", String.valueOf(MIB));
    assertArrayEquals(Arrays.copyOf(noise, MIB), r.asByteArray());
  }

  @Test
  void aCompressedFormatIsSentAsItIsEvenWhenItsBytesWouldCompress() throws Exception {
    byte[] text = put("logs.zip", TextSamples.logLines(MIB, 3));

    Response r = chunk("logs.zip", 0, MIB, "If-Match", etag("logs.zip"), "Accept-Encoding", "zstd");

    r.then().statusCode(200).header("Content-Encoding", nullValue());
    assertArrayEquals(text, r.asByteArray());
  }

  @Test
  void aCallerThatDoesNotAcceptZstdGetsIdentity() throws Exception {
    byte[] text = put("plain.log", TextSamples.logLines(MIB, 4));

    Response r =
        chunk("plain.log", 0, MIB, "If-Match", etag("plain.log"), "Accept-Encoding", "identity");

    r.then().statusCode(200).header("Content-Encoding", nullValue());
    assertArrayEquals(text, r.asByteArray());
  }

  @Test
  void headDescribesTheIdentityCodingWithoutABody() throws Exception {
    put("head.log", TextSamples.logLines(MIB, 10));

    Response r =
        folder.as(
            folder.granted,
            "HEAD",
            "/peer/v1/chunks/" + folder.share + "/head.log?offset=0&length=4096",
            "If-Match",
            etag("head.log"),
            "Accept-Encoding",
            "zstd");

    r.then()
        .statusCode(200)
        .header("Content-Length", "4096")
        .header("Content-Encoding", nullValue());
    assertEquals(0, r.asByteArray().length);
  }

  @Test
  void refusesWithoutIfMatchWithAnotherVersionAndPastTheEnd() throws Exception {
    put("checked.log", TextSamples.logLines(10_000, 5));

    chunk("checked.log", 0, 100)
        .then()
        .statusCode(428)
        .body("error", equalTo("precondition_required"));
    chunk("checked.log", 0, 100, "If-Match", "\"1-2-3\"")
        .then()
        .statusCode(412)
        .body("error", equalTo("precondition_failed"));
    chunk("checked.log", 9_990, 100, "If-Match", etag("checked.log"))
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_chunk"));
    chunk("checked.log", -1, 100, "If-Match", etag("checked.log"))
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_chunk"));
    chunk("checked.log", Long.MAX_VALUE - 10, 100, "If-Match", etag("checked.log"))
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_chunk"));
    chunk("checked.log", 0, ChunkResponder.MAX_LENGTH + 1, "If-Match", etag("checked.log"))
        .then()
        .statusCode(400);
    folder
        .as(
            folder.granted,
            "GET",
            "/peer/v1/chunks/" + folder.share + "/checked.log?offset=x&length=1")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_chunk"));
  }

  @Test
  void anUngrantedCallerGetsTheSame404WhateverExists() throws Exception {
    put("secret.log", TextSamples.logLines(10_000, 6));
    String uri = "/peer/v1/chunks/" + folder.share + "/secret.log?offset=0&length=10";

    Response existing = folder.as(folder.stranger, "GET", uri, "If-Match", "*");
    Response missing =
        folder.as(
            folder.stranger, "GET", "/peer/v1/chunks/nope/x?offset=0&length=10", "If-Match", "*");

    existing.then().statusCode(404);
    assertEquals(missing.asString(), existing.asString());
  }

  @Test
  void chunkReadsVerifyCompressedAndIdentityChunksAlike() throws Exception {
    byte[] text = put("client.log", TextSamples.logLines(5 * MIB / 2, 7));
    byte[] noise = folder.write("client.bin", 5 * MIB / 2, 8);
    ChunkReads client = new ChunkReads(vertx, new PeerApiClient(dialer));

    for (var file :
        List.of(new Object[] {"client.log", text}, new Object[] {"client.bin", noise})) {
      SharePath path = SharePath.parse((String) file[0]);
      Manifest m = ChunkReadsTest.await(client.manifest(folder.host, folder.share, path));
      for (int i = 0; i < m.chunkCount(); i++) {
        byte[] got =
            ChunkReadsTest.await(
                    client.readChunk(
                        folder.host,
                        folder.share,
                        path,
                        m.chunkOffset(i),
                        m.chunkLength(i),
                        m.etag()))
                .getBytes();
        assertEquals(m.chunks().get(i), sha256(got), file[0] + " chunk " + i);
      }
    }

    ChunkReads.WireStats s = client.wireStats();
    assertEquals(6, s.chunks());
    assertEquals(3, s.codedChunks(), "the three text chunks, not the random ones");
    assertEquals(text.length + noise.length, s.fileBytes());
    assertTrue(s.wireBytes() < noise.length + text.length / 2, "wire " + s.wireBytes());
  }

  @Test
  void withCompressionOffTheClientGetsIdentity() throws Exception {
    byte[] text = put("off.log", TextSamples.logLines(MIB, 9));
    ChunkReads off =
        new ChunkReads(
            vertx, new PeerApiClient(dialer), ChunkReads.DEFAULT_MAX_WAIT, Compression.OFF);
    SharePath path = SharePath.parse("off.log");
    Manifest m = ChunkReadsTest.await(off.manifest(folder.host, folder.share, path));

    byte[] got =
        ChunkReadsTest.await(off.readChunk(folder.host, folder.share, path, 0, MIB, m.etag()))
            .getBytes();

    assertArrayEquals(text, got);
    assertEquals(0, off.wireStats().codedChunks());
    assertEquals(MIB, off.wireStats().wireBytes());
  }
}
