package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.peerapi.TransferClient;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.BatchSource;
import dev.drawbridge.transfer.ChunkSource;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.LocalCopies;
import dev.drawbridge.transfer.LocalName;
import dev.drawbridge.transfer.PartialFile;
import dev.drawbridge.transfer.PeerBatchSource;
import dev.drawbridge.transfer.PeerChunkSource;
import dev.drawbridge.transfer.RecentChunks;
import dev.drawbridge.transfer.TransferFailedException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The owner's download jobs: creates them, runs them in the background (they survive closing the
 * browser and resume after a restart), and turns every change into a history row and an event.
 * Database writes go through one writer thread, in order, never on an event loop.
 */
public final class Transfers {
  private static final Logger LOG = Logger.getLogger(Transfers.class);
  static final int CHUNK_SIZE = 1 << 20;
  static final long TICK_MS = 250;

  /** What the owner configured for downloads. */
  public record Options(Path downloadDir, int maxFiles, int maxDepth, long maxBytesPerSecond) {}

  private final Vertx vertx;
  private final TransferClient chunkReads;
  private final PeerApiClient client;
  private final Function<PeerId, Optional<String>> route;
  private final JobStore store;
  private final Options options;
  private final TransferEvents events;
  private final RateLimit rate;

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "drawbridge-transfer-db");
    t.setDaemon(true);
    return t;
  });
  private long ticker = -1;

  /**
   * @param chunkReads reads chunks and batches from peers
   * @param client the peer API (listing folders, file sizes)
   * @param route how a peer is reached right now, for progress events (empty while unknown)
   */
  public Transfers(Vertx vertx, TransferClient chunkReads, PeerApiClient client, Function<PeerId, Optional<String>> route,
      JobStore store, Options options, TransferEvents events) {
    this.vertx = vertx;
    this.chunkReads = chunkReads;
    this.client = client;
    this.route = route;
    this.store = store;
    this.options = options;
    this.events = events;
    this.rate = new RateLimit(vertx, options.maxBytesPerSecond());
  }

  /** Resumes the jobs a restart interrupted (not the paused or finished ones) and starts the progress ticker. Blocks. */
  public void start() {
    for (JobRow t : store.jobs()) {
      LatestState s = store.jobState(t.id);
      if (s == null || !s.value().isFinal() && s.value() != State.PAUSED) {
        launch(t);
      }
    }
    ticker = vertx.setPeriodic(TICK_MS, id -> tick());
  }

  /** Stops the ticker and the writer thread (jobs stop with the process; they resume at the next start). */
  public void stop() {
    if (ticker >= 0) {
      vertx.cancelTimer(ticker);
    }
    writer.shutdown();
  }

  public Options options() {
    return options;
  }

  /** Starts downloading a file or a whole folder of a contact's share into {@code destination}. */
  public String download(PeerId peer, String share, SharePath path, boolean folder, Path destination) {
    JobRow t = new JobRow();
    t.id = UUID.randomUUID().toString();
    t.peerId = peer.value();
    t.shareName = share;
    t.remotePath = path.toString();
    t.folder = folder;
    t.destination = destination.toAbsolutePath().toString();
    t.createdAt = System.currentTimeMillis();
    store.create(t);
    record(t.id, null, null, State.QUEUED, null);
    launch(t);
    return t.id;
  }

  /** Offers {@code destination} first among the recent folders (best effort, on the writer thread). */
  public void rememberDestination(Path destination) {
    write(() -> store.rememberDestination(destination));
  }

  /** Runs the job in this peer, unless it already runs (never two jobs on the same files). */
  void launch(JobRow t) {
    Job job = new Job(this, t);
    if (jobs.putIfAbsent(t.id, job) == null) {
      vertx.runOnContext(v -> job.run());
    }
  }

  public boolean pause(String id) {
    Job j = jobs.get(id);
    if (j == null) {
      return false;
    }
    j.pause();
    return true;
  }

  public boolean resume(String id) {
    Job j = jobs.get(id);
    if (j != null && j.isPaused()) {
      j.resume();
      return true;
    }
    if (j != null && j.files.isParked()) {
      j.files.resumePausedFiles(); // only individually paused files are left: resuming the job means them
      return true;
    }
    JobRow t = store.job(id).orElse(null);
    if (t == null || j != null) {
      return j != null;
    }
    DormantJob.load(this, id).requeueIfParked();
    launch(t); // paused before a restart, or failed: try the unfinished files again
    return true;
  }

  public boolean cancel(String id) {
    Job j = jobs.get(id);
    if (j == null) {
      DormantJob d = DormantJob.load(this, id); // e.g. paused before a restart
      return d != null && d.cancel();
    }
    j.cancel();
    j.files.discardPartials();
    return true;
  }

  /** Network came back (or the owner asked): every waiting job tries now. */
  public void poke() {
    jobs.values().forEach(Job::poke);
  }

  /** Forgets finished jobs (their files stay where they were placed). */
  public int clearHistory() {
    return store.clearExcept(jobs.keySet());
  }

  /** Every job, newest first; {@code withFiles} adds each file's state (for one job's page). */
  public List<TransferView> list(String onlyId, boolean withFiles) {
    return TransferViews.list(store, jobs, onlyId, withFiles);
  }

  JobStore store() {
    return store;
  }

  Job job(String id) {
    return jobs.get(id);
  }

  // ---- used by Job ----

  Vertx vertx() {
    return vertx;
  }

  void finished(Job job) {
    jobs.remove(job.id, job);
    publishProgress(job);
  }

  /** Appends a history row (in order, off the event loop) and tells the UI at once. */
  void record(String transferId, String fileId, String path, State state, String detail) {
    write(() -> store.append(transferId, fileId, state, detail));
    events.publish(TransferEvent.state(transferId, fileId, path, state, detail));
  }

  /** One history row per file in one transaction; no events (the job's progress says enough). */
  void recordAll(String transferId, List<JobFile> files, State state) {
    List<String> ids = files.stream().map(f -> f.id).toList();
    write(() -> store.appendAll(transferId, ids, state));
  }

  /** Many files completed at once: final paths and history rows in one transaction, then events. */
  void completedAll(String transferId, List<Placed> placed) {
    if (placed.isEmpty()) {
      return;
    }
    write(() -> store.completed(transferId, placed));
    for (Placed p : placed) {
      events.publish(TransferEvent.state(transferId, p.file().id, p.file().relativePath, State.COMPLETED, p.path().toString()));
    }
  }

  BatchSource newBatchSource(PeerId peer, String share) {
    return rate.wrap(new PeerBatchSource(chunkReads, peer, share));
  }

  void placed(String fileId, Path finalPath) {
    store.placedAt(fileId, finalPath);
  }

  /** What a job's downloads may copy chunks from: the job's own files, then files placed from the same peer. */
  LocalCopies localCopies(String peerId) {
    return new LocalCopies(new RecentChunks(), store.placedChunks(peerId));
  }

  /**
   * A file is in place: its chunks can be copied from there, by this job's next files and by later
   * jobs from the same peer. Best effort, on the writer thread: the file is placed whatever happens here.
   */
  void rememberPlaced(Job job, FileDownload.Verified verified, Path placed) {
    try {
      Path partial = verified.partialFile().toAbsolutePath();
      Path to = placed.toRealPath();
      job.copies.recent().moved(partial.getParent().toRealPath().resolve(partial.getFileName()), to);
      store.rememberPlaced(job.peerId, to, verified.manifest());
    } catch (IOException | RuntimeException e) {
      LOG.warnf("%s will not be offered as a local copy: %s", placed, e.getMessage());
    }
  }

  /** Runs database (and placement) work on the one writer thread, in submission order. */
  <T> Future<T> blocking(Callable<T> work) {
    Context ctx = vertx.getOrCreateContext();
    return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> {
      try {
        return work.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, writer), ctx).recover(e -> Future.failedFuture(
        e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
  }

  void write(Runnable work) {
    writer.execute(() -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "transfer state not saved");
      }
    });
  }

  /** A job's files with the latest state of each. */
  record Loaded(List<JobFile> files, Map<String, LatestState> latest) {}

  /** The job's files, listing a folder once (then stored), with the history's latest states. */
  Future<Loaded> load(JobRow row, PeerId peer) {
    return files(row, peer).compose(files -> blocking(() -> new Loaded(files, store.latest(row.id))));
  }

  private Future<List<JobFile>> files(JobRow row, PeerId peer) {
    if (row.enumerated) {
      return blocking(() -> store.files(row.id));
    }
    SharePath root;
    try {
      root = SharePath.parse(row.remotePath);
    } catch (BadPathException e) {
      return Future.failedFuture(new TransferFailedException(e.getMessage()));
    }
    Future<List<FolderWalk.Found>> found = row.folder
        ? new FolderWalk(client, peer, row.shareName, options.maxFiles(), options.maxDepth()).walk(root)
        : client.size(peer, row.shareName, root).map(size -> List.of(new FolderWalk.Found(root, List.of(root.name()), size)));
    // Folder jobs keep the structure from the chosen folder down; a single file lands in the folder itself.
    return found.compose(list -> blocking(() -> keepListed(row, root, list)));
  }

  private List<JobFile> keepListed(JobRow row, SharePath root, List<FolderWalk.Found> found) {
    String top = row.folder ? LocalName.of(root.isRoot() ? row.shareName : root.name()) + "/" : "";
    List<JobFile> files = new ArrayList<>();
    for (FolderWalk.Found f : found) {
      JobFile tf = new JobFile();
      tf.id = UUID.randomUUID().toString();
      tf.transferId = row.id;
      tf.remotePath = f.remote().toString();
      tf.relativePath = top + String.join("/", LocalName.relative(String.join("/", f.below())));
      tf.size = f.size();
      files.add(tf);
    }
    store.listed(row.id, files);
    row.enumerated = true;
    return files;
  }

  FileDownload newDownload(JobFile f, PeerId peer, String share, SharePath remote, Path folder,
      BiConsumer<Long, Long> onProgress) {
    ChunkSource source = rate.wrap(new PeerChunkSource(chunkReads, peer, share, remote));
    StoredChunkLedger ledger = new StoredChunkLedger(f, CHUNK_SIZE, (etag, bits, done) ->
        write(() -> store.chunks(f.id, etag, bits, done)));
    Path partial = PartialFile.partialFor(folder, f.id);
    Job job = jobs.get(f.transferId);
    LocalCopies copies = job != null ? job.copies : localCopies(peer.value());
    return new FileDownload(vertx, source, partial, ledger, FileDownload.Options.defaults(),
        (bytes, size) -> onProgress.accept(bytes, size), copies);
  }

  private void tick() {
    long now = System.currentTimeMillis();
    for (Job j : jobs.values()) {
      if (j.progress.sample(now)) {
        publishProgress(j);
      }
    }
  }

  private void publishProgress(Job j) {
    events.publish(new TransferEvent("progress", j.id, null, null, j.progress.done(), j.progress.size(),
        j.progress.bytesPerSecond(), j.progress.etaSeconds(), route.apply(PeerId.parse(j.peerId)).orElse(null),
        null, System.currentTimeMillis()));
  }
}
