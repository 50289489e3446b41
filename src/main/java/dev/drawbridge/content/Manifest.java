package dev.drawbridge.content;

import java.util.List;

/**
 * The host's description of one file version: its size and validator, fixed-size chunks each with a
 * SHA-256 (base64url, no padding), and the SHA-256 of the whole file (standard base64, as in {@code
 * Repr-Digest}). A manifest is only valid for the {@code etag} it names.
 */
public record Manifest(long size, String etag, int chunkSize, List<String> chunks, String digest) {
  public Manifest {
    if (size < 0 || chunkSize <= 0) {
      throw new IllegalArgumentException(
          "bad manifest: size " + size + ", chunk size " + chunkSize);
    }
    long expected = size == 0 ? 0 : (size + chunkSize - 1) / chunkSize;
    if (chunks.size() != expected) {
      throw new IllegalArgumentException(
          "bad manifest: " + chunks.size() + " chunks for " + size + " bytes");
    }
    chunks = List.copyOf(chunks);
  }

  public int chunkCount() {
    return chunks.size();
  }

  public long chunkOffset(int i) {
    return (long) i * chunkSize;
  }

  public int chunkLength(int i) {
    return (int) Math.min(chunkSize, size - chunkOffset(i));
  }
}
