package dev.drawbridge.transfer;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.content.Manifest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where one file's bytes come from: a contact's share over the mesh (or, in tests, anything else).
 */
public interface ChunkSource {
  /** The current manifest; may take a while on the host's first request (it hashes the file). */
  Future<Manifest> manifest();

  /**
   * Reads {@code length} bytes at {@code offset} of exactly the version named by {@code etag};
   * fails with {@link FileChangedException} when the host's file is no longer that version.
   */
  Future<Buffer> read(long offset, int length, String etag);
}
