package dev.drawbridge.transfer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hidden file a download writes into. Every method here blocks (file IO): callers run them on a
 * worker thread, never on an event loop. Positional reads and writes do not share a file position,
 * so several chunks may be written at once from different threads.
 */
public final class PartialFile {
  // The id becomes part of a file name: keep it to characters that are safe on every file system.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  // Writes and read-backs are staged in 1 MiB direct buffers (one system call per MiB); a few idle
  // ones are kept
  // for all downloads together, which bounds this direct memory to a few MiB.
  private static final DirectBufferPool STAGING = new DirectBufferPool(1 << 20, 8);

  private final Path path;
  private final RandomAccessFile file;
  private final FileChannel channel;

  private PartialFile(Path path, RandomAccessFile file) {
    this.path = path;
    this.file = file;
    this.channel = file.getChannel();
  }

  /**
   * Where the partial file of one transfer file lives: hidden, next to its destination so that the
   * final move stays on one file system (and so can be atomic). Host listings skip {@code
   * .drawbridge-*}, so a partial file is never offered to other peers.
   */
  public static Path partialFor(Path destinationDir, String transferFileId) {
    if (transferFileId == null || !ID.matcher(transferFileId).matches()) {
      throw new IllegalArgumentException(
          "transfer file id must be 1-100 of [A-Za-z0-9_-]: " + transferFileId);
    }
    return destinationDir.resolve(".drawbridge-" + transferFileId + ".partial");
  }

  /**
   * True when the file exists with exactly {@code size} bytes, as a partial file of that size
   * always has.
   */
  static boolean hasSize(Path path, long size) throws IOException {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && Files.size(path) == size;
  }

  /**
   * Opens (creating parent folders and the file) and sizes the file to {@code size}. With {@code
   * truncate} every byte is zeroed first, so nothing of an older file version survives. Fails
   * early, with a message a user understands, when {@code bytesToCome} will not fit.
   */
  static PartialFile open(Path path, long size, boolean truncate, long bytesToCome)
      throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    long free = Files.getFileStore(parent).getUsableSpace();
    if (bytesToCome > free) {
      throw new TransferFailedException(
          TransferFailedException.Reason.NO_SPACE,
          String.format(
              Locale.ROOT,
              "not enough disk space in %s: %.1f MiB needed, %.1f MiB free",
              parent,
              mib(bytesToCome),
              mib(free)));
    }
    RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
    try {
      if (truncate) {
        file.setLength(0);
      }
      file.setLength(size);
      return new PartialFile(path, file);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  void write(long position, ByteBuffer bytes) throws IOException {
    write(position, new ByteBuffer[] {bytes});
  }

  /**
   * Writes {@code parts} one after the other from {@code position}: the pieces a chunk arrived in
   * are gathered into a pooled direct buffer, so a chunk costs one copy and one system call per MiB
   * whatever the number of pieces. Consumes the parts (their positions move to their limits).
   */
  void write(long position, ByteBuffer[] parts) throws IOException {
    ByteBuffer staging = STAGING.acquire();
    try {
      long at = position;
      int i = 0;
      while (i < parts.length) {
        staging.clear();
        while (i < parts.length && staging.hasRemaining()) {
          ByteBuffer part = parts[i];
          if (part.remaining() <= staging.remaining()) {
            staging.put(part);
            i++;
          } else {
            ByteBuffer piece = part.slice().limit(staging.remaining());
            staging.put(piece);
            part.position(part.position() + piece.limit());
          }
        }
        staging.flip();
        while (staging.hasRemaining()) {
          at += channel.write(staging, at);
        }
      }
    } finally {
      STAGING.release(staging);
    }
  }

  /** Feeds {@code length} bytes at {@code position} into {@code digest}, straight from the file. */
  void digest(long position, long length, MessageDigest digest) throws IOException {
    ByteBuffer slice = STAGING.acquire();
    try {
      long at = position;
      long end = position + length;
      while (at < end) {
        slice.clear();
        slice.limit((int) Math.min(slice.capacity(), end - at));
        while (slice.hasRemaining()) {
          int n = channel.read(slice, at + slice.position());
          if (n < 0) {
            throw new IOException("partial file " + path + " is shorter than expected");
          }
        }
        slice.flip();
        at += slice.remaining();
        digest.update(slice);
      }
    } finally {
      STAGING.release(slice);
    }
  }

  /**
   * Data and metadata to stable storage: a chunk the ledger calls verified must survive a power
   * cut.
   */
  void force() throws IOException {
    channel.force(true);
  }

  void close() throws IOException {
    file.close();
  }
}
