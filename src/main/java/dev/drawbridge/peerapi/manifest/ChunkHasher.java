package dev.drawbridge.peerapi.manifest;

import dev.drawbridge.content.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Computes a file version's manifest in one pass: every buffer read feeds both the chunk digest and
 * the whole-file digest, so a file is read from disk once, however large. SHA-256 because the JDK
 * runs it on the CPU's SHA instructions (docs/benchmarks.md, "Chunk hashing").
 */
final class ChunkHasher {
  private static final Base64.Encoder CHUNK_TEXT = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Encoder DIGEST_TEXT = Base64.getEncoder();

  private ChunkHasher() {}

  /**
   * The manifest of {@code version}, or empty when the file is no longer that version (before,
   * during or after reading): such bytes describe no version a peer could ask for, so they are
   * discarded. {@code progress} gets the bytes hashed so far after every chunk.
   */
  static Optional<Manifest> hash(FileVersion version, int chunkSize, LongConsumer progress)
      throws IOException {
    MessageDigest whole = sha256();
    MessageDigest chunk = sha256();
    long expectedChunks = version.size() == 0 ? 0 : (version.size() + chunkSize - 1) / chunkSize;
    List<String> chunks = new ArrayList<>((int) Math.min(expectedChunks, 1 << 20));
    // One heap buffer of exactly one chunk: MessageDigest reads arrays directly (a direct
    // ByteBuffer would be copied again), and a full buffer is a finished chunk.
    byte[] bytes = new byte[chunkSize];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long done = 0;
    try (FileChannel channel =
        FileChannel.open(version.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      // Checked after opening: whatever we read from now on is this inode's content.
      if (!FileVersion.read(version.path()).equals(version)) {
        return Optional.empty();
      }
      while (true) {
        buffer.clear();
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
          // keep filling: a short read is not the end of the file
        }
        int n = buffer.position();
        if (n == 0) {
          break;
        }
        done += n;
        if (done > version.size()) {
          return Optional.empty(); // it grew
        }
        whole.update(bytes, 0, n);
        chunk.update(bytes, 0, n);
        chunks.add(CHUNK_TEXT.encodeToString(chunk.digest()));
        progress.accept(done);
        if (n < chunkSize) {
          break;
        }
      }
    }
    if (done != version.size() || !FileVersion.read(version.path()).equals(version)) {
      return Optional.empty();
    }
    return Optional.of(
        new Manifest(
            version.size(),
            version.etag(),
            chunkSize,
            chunks,
            DIGEST_TEXT.encodeToString(whole.digest())));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
