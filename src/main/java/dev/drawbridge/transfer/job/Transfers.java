package dev.drawbridge.transfer.job;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.app.TransfersConfig;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.BatchSource;
import dev.drawbridge.transfer.ChunkSource;
import dev.drawbridge.transfer.PeerBatchSource;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.LocalCopies;
import dev.drawbridge.transfer.LocalName;
import dev.drawbridge.transfer.PeerChunkSource;
import dev.drawbridge.transfer.RecentChunks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The owner's download jobs: creates them, runs them in the background (they survive closing the
 * browser and resume after a restart), and turns every change into a history row and an event.
 * Database writes go through one writer thread, in order, never on an event loop.
 */
@ApplicationScoped
public class Transfers {
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Transfers.class);
  static final int CHUNK_SIZE = 1 << 20;
  static final long TICK_MS = 250;

  @Inject Vertx vertx;
  @Inject PeerNode node;
  @Inject TransfersConfig transfersConfig;
  @Inject TransferEvents events;
  @Inject AgroalDataSource dataSource;

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private RateLimit rate;
  private PlacedChunks placedChunks;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "drawbridge-transfer-db");
    t.setDaemon(true);
    return t;
  });

  void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 500) StartupEvent ev) {
    rate = new RateLimit(vertx, transfersConfig.maxBytesPerSecond());
    placedChunks = new PlacedChunks(dataSource, this::write);
    List<Transfer> unfinished = QuarkusTransaction.requiringNew().call(() -> {
      List<Transfer> out = new ArrayList<>();
      for (Transfer t : Transfer.<Transfer>listAll()) {
        TransferState s = TransferState.find("transferId = ?1 and fileId is null order by id desc", t.id).firstResult();
        if (s == null || !State.of(s.state).isFinal() && State.of(s.state) != State.PAUSED) {
          out.add(t);
        }
      }
      return out;
    });
    unfinished.forEach(t -> launch(t));
    vertx.setPeriodic(TICK_MS, id -> tick());
    node.onNetworkRefreshed(this::poke);
  }

  void stop(@Observes ShutdownEvent ev) {
    writer.shutdown();
  }

  /** Starts downloading a file or a whole folder of a contact's share into {@code destination}. */
  public String download(PeerId peer, String share, SharePath path, boolean folder, Path destination) {
    Transfer t = new Transfer();
    t.id = UUID.randomUUID().toString();
    t.peerId = peer.value();
    t.shareName = share;
    t.remotePath = path.toString();
    t.folder = folder;
    t.destination = destination.toAbsolutePath().toString();
    t.createdAt = System.currentTimeMillis();
    QuarkusTransaction.requiringNew().run(t::persist);
    record(t.id, null, null, State.QUEUED, null);
    launch(t);
    return t.id;
  }

  /** Offers {@code destination} first among the recent folders (best effort, on the writer thread). */
  public void rememberDestination(Path destination) {
    write(() -> RecentDestinations.remember(destination));
  }

  /** Runs the job in this peer, unless it already runs (never two jobs on the same files). */
  void launch(Transfer t) {
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
    Transfer t = QuarkusTransaction.requiringNew().call(() -> Transfer.<Transfer>findById(id));
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
    return QuarkusTransaction.requiringNew().call(() -> {
      int n = 0;
      for (Transfer t : Transfer.<Transfer>listAll()) {
        if (!jobs.containsKey(t.id)) {
          TransferState.delete("transferId", t.id);
          TransferFile.delete("transferId", t.id);
          t.delete();
          n++;
        }
      }
      return n;
    });
  }

  /** Every job, newest first; {@code withFiles} adds each file's state (for one job's page). */
  public List<TransferView> list(String onlyId, boolean withFiles) {
    return TransferViews.list(jobs, onlyId, withFiles);
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
    write(() -> History.append(transferId, fileId, state, detail));
    events.publish(TransferEvent.state(transferId, fileId, path, state, detail));
  }

  /** A file the batch path placed, with the size it really had. */
  record Placed(TransferFile file, Path path, long size) {}

  /** One history row per file in one transaction; no events (the job's progress says enough). */
  void recordAll(String transferId, List<TransferFile> files, State state) {
    List<String> ids = files.stream().map(f -> f.id).toList();
    write(() -> History.appendAll(transferId, ids, state));
  }

  /** Many files completed at once: final paths and history rows in one transaction, then events. */
  void completedAll(String transferId, List<Placed> placed) {
    if (placed.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    List<BulkRows.StateRow> rows = placed.stream()
        .map(p -> new BulkRows.StateRow(transferId, p.file().id, State.COMPLETED, p.path().toString(), now)).toList();
    write(() -> QuarkusTransaction.requiringNew().run(() -> {
      BulkRows.placed(placed);
      BulkRows.appendStates(rows);
    }));
    for (Placed p : placed) {
      events.publish(TransferEvent.state(transferId, p.file().id, p.file().relativePath, State.COMPLETED, p.path().toString()));
    }
  }

  BatchSource newBatchSource(PeerId peer, String share) {
    return rate.wrap(new PeerBatchSource(node.chunkReads(), peer, share));
  }

  void placed(String fileId, Path finalPath) {
    QuarkusTransaction.requiringNew().run(() ->
        TransferFile.update("finalPath = ?1 where id = ?2", finalPath.toString(), fileId));
  }

  /** What a job's downloads may copy chunks from: the job's own files, then files placed from the same peer. */
  LocalCopies localCopies(String peerId) {
    return new LocalCopies(new RecentChunks(), placedChunks.from(peerId));
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
      placedChunks.remember(job.peerId, to, verified.manifest());
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warnf("%s will not be offered as a local copy: %s", placed, e.getMessage());
    }
  }

  /** Runs database (and placement) work on the one writer thread, in submission order. */
  <T> Future<T> blocking(Callable<T> work) {
    io.vertx.core.Context ctx = vertx.getOrCreateContext();
    return Future.fromCompletionStage(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return work.call();
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, writer), ctx).recover(e -> Future.failedFuture(
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e));
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
  record Loaded(List<TransferFile> files, Map<String, TransferState> latest) {}

  /** The job's files, listing a folder once (then stored), with the history's latest states. */
  Future<Loaded> load(Transfer row, PeerId peer) {
    return files(row, peer).compose(files -> blocking(() -> new Loaded(files, History.latest(row.id))));
  }

  private Future<List<TransferFile>> files(Transfer row, PeerId peer) {
    if (row.enumerated) {
      return blocking(() -> QuarkusTransaction.requiringNew().call(() ->
          TransferFile.<TransferFile>list("transferId", row.id)));
    }
    SharePath root;
    try {
      root = SharePath.parse(row.remotePath);
    } catch (dev.drawbridge.share.BadPathException e) {
      return Future.failedFuture(new dev.drawbridge.transfer.TransferFailedException(e.getMessage()));
    }
    PeerApiClient client = node.client();
    Future<List<FolderWalk.Found>> found = row.folder
        ? new FolderWalk(client, peer, row.shareName, transfersConfig.maxFiles(), transfersConfig.maxDepth()).walk(root)
        : client.size(peer, row.shareName, root).map(size -> List.of(new FolderWalk.Found(root, List.of(root.name()), size)));
    // Folder jobs keep the structure from the chosen folder down; a single file lands in the folder itself.
    return found.compose(list -> blocking(() -> store(row, root, list)));
  }

  private List<TransferFile> store(Transfer row, SharePath root, List<FolderWalk.Found> found) {
    String top = row.folder ? LocalName.of(root.isRoot() ? row.shareName : root.name()) + "/" : "";
    List<TransferFile> files = QuarkusTransaction.requiringNew().call(() -> {
      List<TransferFile> out = new ArrayList<>();
      for (FolderWalk.Found f : found) {
        TransferFile tf = new TransferFile();
        tf.id = UUID.randomUUID().toString();
        tf.transferId = row.id;
        tf.remotePath = f.remote().toString();
        tf.relativePath = top + String.join("/", LocalName.relative(String.join("/", f.below())));
        tf.size = f.size();
        out.add(tf);
      }
      BulkRows.insertFiles(out);
      Transfer.update("enumerated = true where id = ?1", row.id);
      return out;
    });
    row.enumerated = true;
    History.appendAll(row.id, files.stream().map(f -> f.id).toList(), State.QUEUED);
    return files;
  }

  FileDownload newDownload(TransferFile f, PeerId peer, String share, SharePath remote, Path folder,
      BiConsumer<Long, Long> onProgress) {
    ChunkSource source = rate.wrap(new PeerChunkSource(node.chunkReads(), peer, share, remote));
    SqlChunkLedger ledger = new SqlChunkLedger(f, CHUNK_SIZE, this::write);
    Path partial = dev.drawbridge.transfer.PartialFile.partialFor(folder, f.id);
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
        j.progress.bytesPerSecond(), j.progress.etaSeconds(), node.dialer().route(PeerId.parse(jobPeer(j))).map(Object::toString).orElse(null),
        null, System.currentTimeMillis()));
  }

  private String jobPeer(Job j) {
    return j.peerId;
  }
}
