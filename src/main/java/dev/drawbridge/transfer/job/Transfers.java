package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.ChunkReads;
import dev.drawbridge.peerapi.PeerApiClient;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The owner's download and upload jobs: creates them, runs them in the background (they survive
 * closing the browser and resume after a restart), and turns every change into a history row and an
 * event. Each running {@link Job} owns its state on its own Vert.x context; this class only keeps
 * the registry of running jobs and hands commands to them.
 */
public final class Transfers {
  static final long TICK_MS = 250;

  /** What the owner configured for downloads. */
  public record Options(Path downloadDir, int maxFiles, int maxDepth, long maxBytesPerSecond) {}

  private final Vertx vertx;
  private final Function<PeerId, Optional<String>> route;
  private final JobStore store;
  private final Options options;
  private final TransferEvents events;
  private final Workshop tools;
  private final UploadLink uploads;
  private final PeerApiClient client;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private long ticker = -1;

  /**
   * @param chunkReads reads chunks and batches from peers
   * @param client the peer API (listing folders, file sizes)
   * @param route how a peer is reached right now, for progress events (empty while unknown)
   */
  public Transfers(
      Vertx vertx,
      ChunkReads chunkReads,
      PeerApiClient client,
      Function<PeerId, Optional<String>> route,
      JobStore store,
      Options options,
      TransferEvents events) {
    this(vertx, chunkReads, client, UploadLink.NONE, route, store, options, events);
  }

  /** As above, with upload jobs sent through {@code uploads}. */
  public Transfers(
      Vertx vertx,
      ChunkReads chunkReads,
      PeerApiClient client,
      UploadLink uploads,
      Function<PeerId, Optional<String>> route,
      JobStore store,
      Options options,
      TransferEvents events) {
    this.vertx = vertx;
    this.route = route;
    this.store = store;
    this.options = options;
    this.events = events;
    this.uploads = uploads;
    this.client = client;
    this.tools =
        new Workshop(vertx, chunkReads, client, store, options, events, uploads, this::finished);
  }

  /**
   * Resumes the jobs a restart interrupted (not the paused or finished ones) and starts the
   * progress ticker. Blocks.
   */
  public void start() {
    for (JobRow t : store.jobs()) {
      LatestState s = store.jobState(t.id);
      if (s == null || !s.value().isFinal() && s.value() != State.PAUSED) {
        launch(t);
      }
    }
    ticker = vertx.setPeriodic(TICK_MS, id -> tick());
  }

  /**
   * Stops the ticker and the writer thread (jobs stop with the process; they resume at the next
   * start).
   */
  public void stop() {
    if (ticker >= 0) {
      vertx.cancelTimer(ticker);
    }
    tools.stop();
  }

  public Options options() {
    return options;
  }

  /**
   * Starts downloading a file or a whole folder of a contact's share into {@code destination}.
   * Blocks.
   */
  public String download(
      PeerId peer, String share, SharePath path, boolean folder, Path destination) {
    JobRow t = new JobRow();
    t.id = UUID.randomUUID().toString();
    t.peerId = peer.value();
    t.shareName = share;
    t.remotePath = path.toString();
    t.folder = folder;
    t.destination = destination.toAbsolutePath().toString();
    t.createdAt = System.currentTimeMillis();
    store.create(t);
    tools.record(t.id, null, null, State.QUEUED, null);
    launch(t);
    return t.id;
  }

  /**
   * Starts sending a local file or folder ({@code source}, checked by the caller) into {@code
   * folder} of a contact's share. Blocks.
   */
  public String upload(PeerId peer, String share, SharePath folder, Path source) {
    JobRow t = new JobRow();
    t.id = UUID.randomUUID().toString();
    t.peerId = peer.value();
    t.shareName = share;
    t.remotePath = folder.toString();
    t.folder = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
    t.destination = "";
    t.direction = Direction.UPLOAD;
    t.source = source.toAbsolutePath().toString();
    t.createdAt = System.currentTimeMillis();
    store.create(t);
    tools.record(t.id, null, null, State.QUEUED, null);
    launch(t);
    return t.id;
  }

  /** Whether {@code peer} grants us {@code share} with READ_WRITE (asks their peer). */
  public Future<Boolean> writable(PeerId peer, String share) {
    return client
        .shares(peer)
        .map(
            granted ->
                granted.stream()
                    .filter(o -> o instanceof JsonObject)
                    .map(o -> (JsonObject) o)
                    .anyMatch(
                        s ->
                            share.equals(s.getString("name"))
                                && "READ_WRITE".equals(s.getString("access"))));
  }

  /**
   * Offers {@code destination} first among the recent folders (best effort, on the writer thread).
   */
  public void rememberDestination(Path destination) {
    tools.write(() -> store.rememberDestination(destination));
  }

  /** The folders the owner saved into lately, newest first. */
  public List<String> recentDestinations() {
    return store.recentDestinations();
  }

  /** Runs the job in this peer, unless it already runs (never two jobs on the same files). */
  void launch(JobRow t) {
    Job job = new Job(tools, t);
    if (jobs.putIfAbsent(t.id, job) == null) {
      job.run();
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

  /**
   * A running job resumes in place (or its paused files do); a dormant one is launched again.
   * Blocks.
   */
  public boolean resume(String id) {
    Job j = jobs.get(id);
    if (j != null) {
      j.resume();
      return true;
    }
    JobRow t = store.job(id).orElse(null);
    if (t == null) {
      return false;
    }
    DormantJob.load(this, id).requeueIfParked();
    launch(t); // paused before a restart, or failed: try the unfinished files again
    return true;
  }

  /** Blocks when the job is not running here (its history is read). */
  public boolean cancel(String id) {
    Job j = jobs.get(id);
    if (j == null) {
      DormantJob d = DormantJob.load(this, id); // e.g. paused before a restart
      return d != null && d.cancel();
    }
    j.cancel();
    return true;
  }

  /** Network came back (or the owner asked): every waiting job tries now. */
  public void poke() {
    jobs.values().forEach(Job::poke);
  }

  /** Forgets finished jobs (their files stay where they were placed). Blocks. */
  public int clearHistory() {
    return store.clearExcept(jobs.keySet());
  }

  /**
   * Every job, newest first; {@code withFiles} adds each file's state (for one job's page). Blocks.
   */
  public List<TransferView> list(String onlyId, boolean withFiles) {
    return TransferViews.list(store, jobs, onlyId, withFiles);
  }

  JobStore store() {
    return store;
  }

  Workshop tools() {
    return tools;
  }

  Job job(String id) {
    return jobs.get(id);
  }

  /** Called on the job's context once it ended. */
  private void finished(Job job) {
    jobs.remove(job.id, job);
    publishProgress(job, job.progress());
  }

  private void tick() {
    long now = System.currentTimeMillis();
    for (Job j : jobs.values()) {
      j.sample(now, progress -> publishProgress(j, progress));
    }
  }

  private void publishProgress(Job j, Progress.Sample p) {
    events.publish(
        new TransferEvent(
            "progress",
            j.id,
            null,
            null,
            p.done(),
            p.size(),
            p.bytesPerSecond(),
            p.etaSeconds(),
            route.apply(PeerId.parse(j.peerId)).orElse(null),
            null,
            System.currentTimeMillis()));
  }
}
