package dev.drawbridge.web;

import dev.drawbridge.content.Manifest;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks bytes relayed to the browser against the host's chunk manifest as they stream: every chunk
 * the response covers from its first byte is hashed and compared. Chunks cut by a Range at the
 * start cannot be checked and are passed as they are; everything else must match.
 */
final class ChunkVerifier {
  private final Manifest manifest;
  private final MessageDigest sha;
  private long position;
  private boolean covered;
  private String failure;

  /**
   * {@code start}: offset in the file of the first byte that will be seen (0, or a Range start).
   */
  ChunkVerifier(Manifest manifest, long start) {
    this.manifest = manifest;
    this.position = start;
    this.covered = start % manifest.chunkSize() == 0;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Feeds the next bytes; returns false as soon as a complete chunk does not match. */
  boolean update(Buffer data) {
    byte[] bytes = data.getBytes();
    int offset = 0;
    while (offset < bytes.length && failure == null) {
      int chunk = (int) (position / manifest.chunkSize());
      if (chunk >= manifest.chunkCount()) {
        failure = "more bytes than the file has";
        break;
      }
      long chunkEnd = manifest.chunkOffset(chunk) + manifest.chunkLength(chunk);
      int n = (int) Math.min(bytes.length - offset, chunkEnd - position);
      if (covered) {
        sha.update(bytes, offset, n);
      }
      offset += n;
      position += n;
      if (position == chunkEnd) {
        if (covered && !matches(chunk, sha.digest())) {
          failure = "chunk " + chunk + " does not match the host's manifest";
        }
        sha.reset();
        covered = true;
      }
    }
    return failure == null;
  }

  String failure() {
    return failure;
  }

  private boolean matches(int chunk, byte[] digest) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(digest)
        .equals(manifest.chunks().get(chunk));
  }
}
