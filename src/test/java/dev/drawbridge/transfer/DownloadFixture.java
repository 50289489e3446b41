package dev.drawbridge.transfer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What every download test needs: a real Vert.x, real files, and a listener that records. */
abstract class DownloadFixture {
  static final int MIB = 1 << 20;

  final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Records what a UI would be told. */
  static final class Recorder implements FileDownload.Listener {
    final List<long[]> progress = new CopyOnWriteArrayList<>();
    final List<Integer> rejectedChunks = new CopyOnWriteArrayList<>();
    final List<String> reasons = new CopyOnWriteArrayList<>();

    @Override
    public void progress(long bytesVerified, long size) {
      progress.add(new long[] {bytesVerified, size});
    }

    @Override
    public void chunkRejected(int chunk, String reason) {
      rejectedChunks.add(chunk);
      reasons.add(reason);
    }

    long[] last() {
      return progress.get(progress.size() - 1);
    }
  }

  /** A host file of {@code size} reproducible random bytes. */
  Path hostFile(String name, int size, long seed) throws IOException {
    byte[] content = new byte[size];
    new Random(seed).nextBytes(content);
    Path file = dir.resolve("host").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  Path partial() {
    return PartialFile.partialFor(dir.resolve("downloads"), "f1");
  }

  static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The exception a future failed with. */
  static Throwable failure(Future<?> future) throws Exception {
    try {
      result(future);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return e; // CompletableFuture rethrows a cancellation as it is
    }
    throw new AssertionError("expected the download to fail, but it succeeded");
  }
}
