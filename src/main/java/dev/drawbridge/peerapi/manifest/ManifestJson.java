package dev.drawbridge.peerapi.manifest;

import dev.drawbridge.content.Manifest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The wire form of a manifest (docs/protocol.md): {@code {"size", "etag", "chunkSize", "algorithm":
 * "sha-256", "chunks": [base64url], "digest": base64}}. Decoding checks every field, since the JSON
 * comes from another peer.
 */
public final class ManifestJson {
  public static final String ALGORITHM = "sha-256";

  /** Largest chunk size we accept from a peer: a chunk is held in memory while it is verified. */
  static final int MAX_CHUNK_SIZE = 64 * 1024 * 1024;

  private ManifestJson() {}

  public static String encode(Manifest m) {
    return new JsonObject()
        .put("size", m.size())
        .put("etag", m.etag())
        .put("chunkSize", m.chunkSize())
        .put("algorithm", ALGORITHM)
        .put("chunks", new JsonArray(new ArrayList<Object>(m.chunks())))
        .put("digest", m.digest())
        .encode();
  }

  /** Parses and validates; {@link IllegalArgumentException} says what is wrong. */
  public static Manifest decode(String text) {
    try {
      JsonObject o = new JsonObject(text);
      if (!ALGORITHM.equals(o.getString("algorithm"))) {
        throw new IllegalArgumentException("unsupported algorithm " + o.getValue("algorithm"));
      }
      long size = o.getLong("size");
      int chunkSize = o.getInteger("chunkSize");
      if (chunkSize <= 0 || chunkSize > MAX_CHUNK_SIZE) {
        throw new IllegalArgumentException("chunk size " + chunkSize + " out of range");
      }
      String etag = o.getString("etag");
      if (etag == null || etag.isEmpty()) {
        throw new IllegalArgumentException("no etag");
      }
      JsonArray array = o.getJsonArray("chunks");
      List<String> chunks = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        String c = array.getString(i);
        requireSha256(Base64.getUrlDecoder(), c, "chunk " + i);
        chunks.add(c);
      }
      String digest = o.getString("digest");
      requireSha256(Base64.getDecoder(), digest, "digest");
      return new Manifest(size, etag, chunkSize, chunks, digest);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed manifest: " + e.getMessage(), e);
    }
  }

  private static void requireSha256(Base64.Decoder decoder, String text, String what) {
    if (text == null || decoder.decode(text).length != 32) {
      throw new IllegalArgumentException(what + " is not a SHA-256");
    }
  }
}
