package dev.drawbridge.content;

import io.vertx.core.buffer.Buffer;

/**
 * One file's answer in a batch: its bytes with the host's version and SHA-256 (base64), or the
 * host's refusal ({@code error} is a code such as not_found, too_large, changed).
 */
public record BatchEntry(
    int index, Buffer bytes, String etag, String sha256, String error, String message) {
  public static BatchEntry file(int index, Buffer bytes, String etag, String sha256) {
    return new BatchEntry(index, bytes, etag, sha256, null, null);
  }

  public static BatchEntry refused(int index, String error, String message) {
    return new BatchEntry(index, null, null, null, error, message);
  }

  public boolean ok() {
    return error == null;
  }
}
