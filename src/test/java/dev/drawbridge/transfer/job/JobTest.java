package dev.drawbridge.transfer.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.BatchSource;
import dev.drawbridge.transfer.ChunkIndex;
import dev.drawbridge.transfer.ChunkLedger;
import dev.drawbridge.transfer.ChunkSource;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.LocalCopies;
import dev.drawbridge.transfer.RecentChunks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's state has one owner: commands from many threads at once still leave it consistent. */
class JobTest {
  static final int FILES = 8;

  Vertx vertx;
  ExecutorService writer;
  @TempDir Path into;
  final ConcurrentLinkedQueue<String> history = new ConcurrentLinkedQueue<>();
  final AtomicInteger finished = new AtomicInteger();

  /** How many listings fail as if the peer were away before one succeeds. */
  final AtomicInteger unreachableListings = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    writer = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    writer.shutdownNow();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void commandsFromSeveralThreadsOnOneJobEndInAConsistentState() throws Exception {
    Job job = new Job(new Tools(), row());
    job.run();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ask(job, () -> job.running.size() == Job.FILES_IN_FLIGHT));

    int threads = 4;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService owners = Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      done.add(
          owners.submit(
              () -> {
                go.await();
                Random random = new Random(seed);
                for (int i = 0; i < 200; i++) {
                  String fileId = "f" + random.nextInt(FILES);
                  switch (random.nextInt(6)) {
                    case 0 -> job.pause();
                    case 1 -> job.resume();
                    case 2 -> job.poke();
                    case 3 -> job.ask(() -> job.files.pauseFile(fileId));
                    case 4 -> job.ask(() -> job.files.resumeFile(fileId, State.PAUSED));
                    default -> job.ask(() -> job.files.cancelFile(fileId, State.QUEUED));
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (java.util.concurrent.Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    owners.shutdown();

    // Whatever happened, the owner now resumes the job and pauses every file that is still to
    // fetch.
    job.resume();
    for (int i = 0; i < FILES; i++) {
      String fileId = "f" + i;
      ask(job, () -> job.files.resumeFile(fileId, State.PAUSED));
      ask(job, () -> job.files.pauseFile(fileId));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ask(
                    job,
                    () ->
                        job.running.isEmpty()
                            && job.queue.isEmpty()
                            && job.queue.batches().isEmpty()
                            && job.parkedAs != null));
    assertTrue(
        ask(
            job,
            () -> {
              int held = 0;
              for (int i = 0; i < FILES; i++) {
                held += job.holds.isPaused("f" + i) || job.holds.isCanceled("f" + i) ? 1 : 0;
                assertTrue(
                    !(job.holds.isPaused("f" + i) && job.holds.isCanceled("f" + i)),
                    "paused or canceled, not both");
              }
              return held == FILES && job.holds.pausedCount() == FILES;
            }),
        "every file is held exactly once");
    assertEquals("paused: " + FILES + " files", ask(job, () -> job.parkedAs));
    assertEquals(0, finished.get(), "a job parked on paused files is still this peer's");

    job.cancel();
    await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() == 1);
    assertTrue(
        history.stream().reduce((a, b) -> b).orElseThrow().equals("job canceled"),
        history.toString());
  }

  @Test
  void aJobWaitingToListItsFilesListsAgainAtOnceWhenPoked() throws Exception {
    unreachableListings.set(1);
    Job job = new Job(new Tools(), row());
    job.run();
    await().atMost(Duration.ofSeconds(5)).until(() -> history.contains("job waiting"));

    job.poke(); // "refresh network": well before the first retry (2 s)
    await()
        .atMost(Duration.ofMillis(Job.FIRST_BACKOFF_MS / 2))
        .until(() -> ask(job, () -> job.running.size() == Job.FILES_IN_FLIGHT));
    assertEquals(0, finished.get(), "the job runs its files, it did not finish empty");
    job.cancel();
    await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() == 1);
  }

  private static <T> T ask(Job job, Callable<T> question) throws Exception {
    return job.ask(
            () -> {
              try {
                return question.call();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private JobRow row() {
    JobRow r = new JobRow();
    r.id = "job";
    r.peerId = PeerId.fromRawKey(new byte[32]).value();
    r.shareName = "share";
    r.remotePath = "folder";
    r.folder = true;
    r.destination = into.toString();
    r.enumerated = true;
    return r;
  }

  /**
   * Files big enough for the chunked path; their downloads wait for a manifest that never comes.
   */
  private final class Tools implements JobTools {
    @Override
    public Vertx vertx() {
      return vertx;
    }

    @Override
    public void record(String jobId, String fileId, String path, State state, String detail) {
      history.add((fileId == null ? "job" : fileId) + " " + state.wire());
    }

    @Override
    public void recordAll(String jobId, List<JobFile> files, State state) {}

    @Override
    public void completedAll(String jobId, List<Placed> placed) {}

    @Override
    public Future<Loaded> load(JobRow row, PeerId peer) {
      if (unreachableListings.getAndDecrement() > 0) {
        return Future.failedFuture(new PeerUnreachableException(peer, "no route"));
      }
      List<JobFile> files = new ArrayList<>();
      for (int i = 0; i < FILES; i++) {
        JobFile f = new JobFile();
        f.id = "f" + i;
        f.transferId = row.id;
        f.remotePath = "folder/f" + i;
        f.relativePath = "folder/f" + i;
        f.size = 4L * BatchSource.MAX_FILE_BYTES;
        files.add(f);
      }
      Map<String, LatestState> latest = new HashMap<>();
      return Future.succeededFuture(new Loaded(files, latest));
    }

    @Override
    public BatchSource batchSource(PeerId peer, String share) {
      throw new AssertionError("no file is small enough for a batch");
    }

    @Override
    public FileDownload download(
        JobFile f,
        PeerId peer,
        String share,
        SharePath remote,
        Path folder,
        LocalCopies copies,
        BiConsumer<Long, Long> onProgress) {
      ChunkSource never =
          new ChunkSource() {
            @Override
            public Future<Manifest> manifest() {
              return Promise.<Manifest>promise().future();
            }

            @Override
            public Future<Buffer> read(long offset, int length, String etag) {
              return Promise.<Buffer>promise().future();
            }
          };
      return new FileDownload(
          vertx,
          never,
          folder.resolve("." + f.id + ".partial"),
          new NothingVerified(),
          FileDownload.Options.defaults(),
          onProgress::accept,
          copies);
    }

    @Override
    public LocalCopies localCopies(String peerId) {
      return new LocalCopies(new RecentChunks(), ChunkIndex.NONE);
    }

    @Override
    public <T> Future<T> blocking(Callable<T> work) {
      return Future.fromCompletionStage(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return work.call();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              writer),
          vertx.getOrCreateContext());
    }

    @Override
    public void placed(String fileId, Path finalPath) {}

    @Override
    public void rememberPlaced(
        String peerId, LocalCopies copies, FileDownload.Verified verified, Path placed) {}

    @Override
    public void discard(JobRow row, JobFile f) {}

    @Override
    public void deletePartial(JobRow row, JobFile f) {}

    @Override
    public void uploading(JobFile f) {}

    @Override
    public UploadLink uploadLink() {
      return UploadLink.NONE;
    }

    @Override
    public void finished(Job job) {
      finished.incrementAndGet();
    }
  }

  /** No chunk ever arrives, so nothing is ever verified. */
  private static final class NothingVerified implements ChunkLedger {
    @Override
    public String etag() {
      return null;
    }

    @Override
    public BitSet verified() {
      return new BitSet();
    }

    @Override
    public void reset(String etag) {}

    @Override
    public void verified(int chunk) {}

    @Override
    public void flush() {}
  }
}
