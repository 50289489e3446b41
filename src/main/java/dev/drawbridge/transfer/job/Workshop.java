package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.ChunkReads;
import dev.drawbridge.peerapi.PeerApiClient;
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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The {@link JobTools} of every job of one {@link Transfers}: history rows and events, listing and
 * loading a job's files, downloads and batches under the owner's speed cap, and the one database
 * writer thread (SQLite has one writer; writes go in order, never on an event loop).
 */
final class Workshop implements JobTools {
  private static final Logger LOG = Logger.getLogger(Workshop.class);
  static final int CHUNK_SIZE = 1 << 20;

  private final Vertx vertx;
  private final ChunkReads chunkReads;
  private final PeerApiClient client;
  private final JobStore store;
  private final Transfers.Options options;
  private final TransferEvents events;
  private final RateLimit rate;
  private final Consumer<Job> onFinished;
  private final UploadLink uploads;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "drawbridge-transfer-db");
            t.setDaemon(true);
            return t;
          });

  Workshop(
      Vertx vertx,
      ChunkReads chunkReads,
      PeerApiClient client,
      JobStore store,
      Transfers.Options options,
      TransferEvents events,
      UploadLink uploads,
      Consumer<Job> onFinished) {
    this.vertx = vertx;
    this.chunkReads = chunkReads;
    this.client = client;
    this.store = store;
    this.options = options;
    this.events = events;
    this.rate = new RateLimit(vertx, options.maxBytesPerSecond());
    this.onFinished = onFinished;
    this.uploads = uploads;
  }

  void stop() {
    writer.shutdown();
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void finished(Job job) {
    onFinished.accept(job);
  }

  @Override
  public void record(String jobId, String fileId, String path, State state, String detail) {
    write(() -> store.append(jobId, fileId, state, detail));
    events.publish(TransferEvent.state(jobId, fileId, path, state, detail));
  }

  @Override
  public void recordAll(String jobId, List<JobFile> files, State state) {
    List<String> ids = files.stream().map(f -> f.id).toList();
    write(() -> store.appendAll(jobId, ids, state));
  }

  @Override
  public void completedAll(String jobId, List<Placed> placed) {
    if (placed.isEmpty()) {
      return;
    }
    write(() -> store.completed(jobId, placed));
    for (Placed p : placed) {
      events.publish(
          TransferEvent.state(
              jobId, p.file().id, p.file().relativePath, State.COMPLETED, p.path().toString()));
    }
  }

  @Override
  public BatchSource batchSource(PeerId peer, String share) {
    return rate.wrap(new PeerBatchSource(chunkReads, peer, share));
  }

  @Override
  public void placed(String fileId, Path finalPath) {
    store.placedAt(fileId, finalPath);
  }

  @Override
  public LocalCopies localCopies(String peerId) {
    return new LocalCopies(new RecentChunks(), store.placedChunks(peerId));
  }

  @Override
  public void rememberPlaced(
      String peerId, LocalCopies copies, FileDownload.Verified verified, Path placed) {
    try {
      Path partial = verified.partialFile().toAbsolutePath();
      Path to = placed.toRealPath();
      copies.recent().moved(partial.getParent().toRealPath().resolve(partial.getFileName()), to);
      store.rememberPlaced(peerId, to, verified.manifest());
    } catch (IOException | RuntimeException e) {
      // best effort: the file is placed whatever happens here
      LOG.warnf("%s will not be offered as a local copy: %s", placed, e.getMessage());
    }
  }

  @Override
  public UploadLink uploadLink() {
    return uploads;
  }

  @Override
  public void uploading(JobFile f) {
    String location = f.uploadLocation;
    String name = f.remoteName;
    String placed = f.finalPath;
    write(() -> store.uploading(f.id, location, name, placed));
  }

  @Override
  public void discard(JobRow row, JobFile f) throws IOException {
    if (row.upload()) {
      cancelUpload(row, f);
      return;
    }
    deletePartial(row, f);
    f.etag = null;
    f.verified = null;
    f.bytesDone = 0;
    store.forgetChunks(f.id);
  }

  @Override
  public void deletePartial(JobRow row, JobFile f) throws IOException {
    if (row.upload()) {
      cancelUpload(row, f);
      return;
    }
    Files.deleteIfExists(partialOf(row.destination, f));
  }

  /** The host's open upload of {@code f} goes, with its partial file there (best effort). */
  private void cancelUpload(JobRow row, JobFile f) {
    String location = f.uploadLocation;
    if (location == null) {
      return;
    }
    f.uploadLocation = null;
    f.remoteName = null;
    f.finalPath = null;
    store.uploading(f.id, null, null, null);
    uploads
        .cancel(PeerId.parse(row.peerId), location)
        .onFailure(
            e ->
                LOG.infof(
                    "the host's upload %s was not canceled (it expires there): %s",
                    location, e.getMessage()));
  }

  /** Where the file's partial file lives: next to where it will be placed (see Job's targets). */
  static Path partialOf(String destination, JobFile f) {
    String[] parts = f.relativePath.split("/");
    Path folder = Path.of(destination);
    for (int i = 0; i < parts.length - 1; i++) {
      folder = folder.resolve(parts[i]);
    }
    return PartialFile.partialFor(folder, f.id);
  }

  @Override
  public <T> Future<T> blocking(Callable<T> work) {
    Context ctx = vertx.getOrCreateContext();
    return Future.fromCompletionStage(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return work.call();
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                },
                writer),
            ctx)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
  }

  /** Queues a database write on the writer thread; a failure is logged (the job goes on). */
  void write(Runnable work) {
    writer.execute(
        () -> {
          try {
            work.run();
          } catch (RuntimeException e) {
            LOG.errorf(e, "transfer state not saved");
          }
        });
  }

  @Override
  public Future<Loaded> load(JobRow row, PeerId peer) {
    return files(row, peer)
        .compose(files -> blocking(() -> new Loaded(files, store.latest(row.id))));
  }

  private Future<List<JobFile>> files(JobRow row, PeerId peer) {
    if (row.enumerated) {
      return blocking(() -> store.files(row.id));
    }
    if (row.upload()) {
      return uploadFiles(row, peer);
    }
    SharePath root;
    try {
      root = SharePath.parse(row.remotePath);
    } catch (BadPathException e) {
      return Future.failedFuture(new TransferFailedException(e.getMessage()));
    }
    Future<List<FolderWalk.Found>> found =
        row.folder
            ? new FolderWalk(client, peer, row.shareName, options.maxFiles(), options.maxDepth())
                .walk(root)
            : client
                .size(peer, row.shareName, root)
                .map(size -> List.of(new FolderWalk.Found(root, List.of(root.name()), size)));
    // Folder jobs keep the structure from the chosen folder down; a single file lands in the folder
    // itself.
    return found.compose(list -> blocking(() -> keepListed(row, root, list)));
  }

  /** An upload's files: the local walk, the top folder and empty folders made on the host. */
  private Future<List<JobFile>> uploadFiles(JobRow row, PeerId peer) {
    SharePath into;
    try {
      into = SharePath.parse(row.remotePath);
    } catch (BadPathException e) {
      return Future.failedFuture(new TransferFailedException(e.getMessage()));
    }
    Path source = Path.of(row.source);
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      return blocking(() -> keep(row, List.of(UploadListing.single(row, peer, source, into))));
    }
    return vertx
        .executeBlocking(
            () -> UploadListing.walk(source, options.maxFiles(), options.maxDepth()), false)
        .compose(
            local ->
                UploadListing.topFolder(
                        uploads, peer, row.shareName, into, source.getFileName().toString(), 0)
                    .compose(
                        top ->
                            UploadListing.emptyFolders(
                                    uploads, peer, row.shareName, top, local.emptyFolders(), 0)
                                .compose(
                                    v ->
                                        blocking(
                                            () ->
                                                keep(
                                                    row,
                                                    UploadListing.files(
                                                        row,
                                                        peer,
                                                        source,
                                                        top,
                                                        local.files(),
                                                        top.name() + "/"))))));
  }

  private List<JobFile> keep(JobRow row, List<JobFile> files) {
    store.listed(row.id, files);
    row.enumerated = true;
    return files;
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

  @Override
  public FileDownload download(
      JobFile f,
      PeerId peer,
      String share,
      SharePath remote,
      Path folder,
      LocalCopies copies,
      BiConsumer<Long, Long> onProgress) {
    ChunkSource source = rate.wrap(new PeerChunkSource(chunkReads, peer, share, remote));
    StoredChunkLedger ledger =
        new StoredChunkLedger(
            f, CHUNK_SIZE, (etag, bits, done) -> write(() -> store.chunks(f.id, etag, bits, done)));
    Path partial = PartialFile.partialFor(folder, f.id);
    return new FileDownload(
        vertx,
        source,
        partial,
        ledger,
        FileDownload.Options.defaults(),
        onProgress::accept,
        copies);
  }
}
