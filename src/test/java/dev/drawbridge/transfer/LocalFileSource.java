package dev.drawbridge.transfer;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.content.Manifest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a real local file the way a host would, with knobs for what the network and the host do to
 * a download: corruption in transit, transient errors, a file changed mid-transfer, a link that
 * goes silent, and reads held until the test lets them go.
 */
final class LocalFileSource implements ChunkSource {
  private final Vertx vertx;
  private final Path file;
  private final int chunkSize;
  private volatile Manifest manifest;
  private final Map<Integer, AtomicInteger> reads = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> corruptLeft = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> failLeft = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final List<Runnable> held = new ArrayList<>();
  private volatile int silentAfter = Integer.MAX_VALUE;
  private volatile int changeAtRead = -1;
  private volatile byte[] changedContent;
  private boolean holding;

  LocalFileSource(Vertx vertx, Path file, int chunkSize) throws IOException {
    this.vertx = vertx;
    this.file = file;
    this.chunkSize = chunkSize;
    this.manifest = manifestOf(Files.readAllBytes(file), chunkSize, "v1");
  }

  /** The manifest a host computes: SHA-256 per chunk (base64url) and of the whole (base64). */
  static Manifest manifestOf(byte[] content, int chunkSize, String etag) {
    List<String> chunks = new ArrayList<>();
    for (int at = 0; at < content.length; at += chunkSize) {
      int length = Math.min(chunkSize, content.length - at);
      byte[] hash = Sha256.of(ByteBuffer.wrap(content, at, length));
      chunks.add(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
    }
    String digest = Base64.getEncoder().encodeToString(Sha256.of(ByteBuffer.wrap(content)));
    return new Manifest(content.length, etag + "-" + content.length, chunkSize, chunks, digest);
  }

  void corrupt(int chunk, int times) {
    corruptLeft.put(chunk, new AtomicInteger(times));
  }

  void failTransiently(int chunk, int times) {
    failLeft.put(chunk, new AtomicInteger(times));
  }

  /** The link goes silent: reads after the first {@code reads} never answer, like a dead peer. */
  void silentAfter(int reads) {
    silentAfter = reads;
  }

  /** The host's file gets new content just before read number {@code read} is served. */
  void changeAtRead(int read, byte[] content) {
    changedContent = content;
    changeAtRead = read;
  }

  synchronized void hold() {
    holding = true;
  }

  synchronized void release() {
    holding = false;
    held.forEach(Runnable::run);
    held.clear();
  }

  int reads(int chunk) {
    AtomicInteger n = reads.get(chunk);
    return n == null ? 0 : n.get();
  }

  int totalReads() {
    return total.get();
  }

  int maxConcurrentReads() {
    return maxOpen.get();
  }

  @Override
  public Future<Manifest> manifest() {
    return vertx.executeBlocking(() -> manifest, false);
  }

  @Override
  public Future<Buffer> read(long offset, int length, String etag) {
    int chunk = (int) (offset / chunkSize);
    int number = total.incrementAndGet();
    reads.computeIfAbsent(chunk, c -> new AtomicInteger()).incrementAndGet();
    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    if (number > silentAfter) {
      return Promise.<Buffer>promise().future();
    }
    Promise<Buffer> answer = Promise.promise();
    Runnable serve =
        () ->
            vertx
                .executeBlocking(() -> bytesFor(number, chunk, offset, length, etag), false)
                .onComplete(ar -> open.decrementAndGet())
                .onComplete(answer);
    synchronized (this) {
      if (holding) {
        held.add(serve);
        return answer.future();
      }
    }
    serve.run();
    return answer.future();
  }

  private Buffer bytesFor(int number, int chunk, long offset, int length, String etag)
      throws IOException {
    if (number == changeAtRead) {
      Files.write(file, changedContent);
      manifest = manifestOf(changedContent, chunkSize, "v2");
    }
    if (!etag.equals(manifest.etag())) {
      throw new FileChangedException(
          "file changed: now " + manifest.etag() + ", asked for " + etag);
    }
    if (decrement(failLeft, chunk)) {
      throw new IOException("connection reset by peer (simulated)");
    }
    ByteBuffer bytes = ByteBuffer.allocate(length);
    try (FileChannel channel = FileChannel.open(file)) {
      while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) >= 0) {
        // positional reads until the chunk is full
      }
    }
    if (decrement(corruptLeft, chunk)) {
      bytes.put(length / 2, (byte) (bytes.get(length / 2) ^ 0x01));
    }
    return Buffer.buffer(bytes.array());
  }

  private static boolean decrement(Map<Integer, AtomicInteger> left, int chunk) {
    AtomicInteger n = left.get(chunk);
    return n != null && n.getAndUpdate(v -> Math.max(0, v - 1)) > 0;
  }
}
