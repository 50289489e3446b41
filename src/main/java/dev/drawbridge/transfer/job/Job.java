package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.FileChangedException;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.LocalCopies;
import dev.drawbridge.transfer.Placement;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs one download job: lists a folder's files once (kept in SQLite), then downloads the files
 * that are not finished, a few at a time. A file whose peer is unreachable waits and is retried
 * with backoff (and at once on "refresh network"); a file that changed on the host restarts once,
 * then fails explicitly; nothing unverified is ever placed under its final name.
 */
final class Job {
  private static final Logger LOG = Logger.getLogger(Job.class);
  static final int FILES_IN_FLIGHT = 4;
  static final long MAX_BACKOFF_MS = 60_000;

  final String id;
  final String peerId;
  private final Transfers owner;
  private final Transfer row;
  private final PeerId peer;
  private final Deque<TransferFile> queue = new ArrayDeque<>();
  private final Map<String, FileDownload> running = new ConcurrentHashMap<>();
  private final Set<String> restartedOnce = ConcurrentHashMap.newKeySet();
  final Progress progress = new Progress();
  /** Chunks this job's downloads may copy instead of fetching (dedup), shared by its files. */
  final LocalCopies copies;
  private volatile boolean paused;
  private volatile boolean canceled;
  private volatile boolean waiting;
  private int failures;
  private long backoffMs = 2000;
  private long retryTimer = -1;

  Job(Transfers owner, Transfer row) {
    this.owner = owner;
    this.row = row;
    this.id = row.id;
    this.peerId = row.peerId;
    this.peer = PeerId.parse(row.peerId);
    this.copies = owner.localCopies(row.peerId);
  }

  /** Lists (if needed) and starts downloading; safe to call again after a pause or a wait. */
  synchronized void run() {
    if (canceled) {
      return;
    }
    paused = false;
    owner.record(id, null, null, State.STARTED, null);
    owner.load(row, peer).onComplete(ar -> {
      if (ar.failed()) {
        failJobOrWait(ar.cause());
        return;
      }
      synchronized (this) {
        queue.clear();
        Map<String, TransferState> latest = ar.result().latest();
        failures = 0;
        for (TransferFile f : ar.result().files()) {
          TransferState s = latest.get(f.id);
          State st = s == null ? State.QUEUED : State.of(s.state);
          progress.file(f.id, f.size, st == State.COMPLETED ? f.size : f.bytesDone);
          if (st == State.FAILED || st == State.REJECTED) {
            failures++;
          } else if (!st.isFinal() && !running.containsKey(f.id)) {
            queue.add(f);
          }
        }
      }
      pump();
    });
  }

  private void pump() {
    List<TransferFile> toStart = new java.util.ArrayList<>();
    synchronized (this) {
      // While waiting for the peer, nothing starts until the retry timer (or a refresh) fires.
      while (!paused && !canceled && retryTimer < 0 && running.size() + toStart.size() < FILES_IN_FLIGHT && !queue.isEmpty()) {
        toStart.add(queue.poll());
      }
      if (toStart.isEmpty() && running.isEmpty() && queue.isEmpty() && !paused && !canceled && retryTimer < 0) {
        finish();
        return;
      }
    }
    toStart.forEach(this::download);
  }

  private void download(TransferFile f) {
    Path dir = Path.of(row.destination);
    List<String> parts = List.of(f.relativePath.split("/"));
    Path folder = dir;
    for (String p : parts.subList(0, parts.size() - 1)) {
      folder = folder.resolve(p);
    }
    Path target = folder;
    String name = parts.get(parts.size() - 1);
    SharePath remote;
    try {
      remote = SharePath.parse(f.remotePath);
    } catch (dev.drawbridge.share.BadPathException e) {
      fileFailed(f, new dev.drawbridge.transfer.TransferFailedException(e.getMessage()));
      return;
    }
    FileDownload d = owner.newDownload(f, peer, row.shareName, remote, target,
        (bytes, size) -> progress.file(f.id, size, bytes));
    running.put(f.id, d);
    owner.record(id, f.id, f.relativePath, State.STARTED, null);
    d.start()
        .compose(v -> owner.blocking(() -> {
          owner.record(id, f.id, f.relativePath, State.VERIFIED, v.tally().describe());
          Path placed = Placement.place(v.partialFile(), target, name, origin(f));
          owner.placed(f.id, placed);
          owner.rememberPlaced(this, v, placed);
          return placed;
        }))
        .onComplete(ar -> {
          running.remove(f.id);
          if (ar.succeeded()) {
            if (waiting) {
              waiting = false;
              owner.record(id, null, null, State.STARTED, null);
            }
            progress.file(f.id, f.size, f.size);
            owner.record(id, f.id, f.relativePath, State.COMPLETED, ar.result().toString());
            backoffMs = 2000;
          } else {
            fileFailed(f, ar.cause());
          }
          pump();
        });
  }

  private void fileFailed(TransferFile f, Throwable e) {
    if (e instanceof CancellationException || canceled || paused) {
      return; // pause/cancel already recorded the state
    }
    String diskProblem = diskProblem(e);
    if (diskProblem != null) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, diskProblem);
    } else if (e instanceof FileChangedException && restartedOnce.add(f.id)) {
      LOG.infof("%s changed on the host; restarting it from zero", f.relativePath);
      queue.addFirst(f);
    } else if (e instanceof FileChangedException) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, "the file kept changing on the host during the transfer");
    } else if (e instanceof PeerApiException p && p.status() / 100 == 4) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, p.getMessage());
    } else if (e instanceof dev.drawbridge.transfer.TransferFailedException && !isNetwork(e)) {
      failures++;
      owner.record(id, f.id, f.relativePath, State.FAILED, e.getMessage());
    } else {
      owner.record(id, f.id, f.relativePath, State.WAITING, e.getMessage());
      if (!waiting) {
        waiting = true;
        owner.record(id, null, null, State.WAITING, "waiting for the peer: " + e.getMessage());
      }
      queue.add(f);
      scheduleRetry();
    }
  }

  /** A full or unwritable disk is not going to fix itself by waiting: say so and stop. */
  private String diskProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.startsWith("not enough disk space")) {
        return m;
      }
      if (m.contains("No space left")) {
        return "not enough disk space in " + row.destination;
      }
      if (m.startsWith("could not write") || t instanceof java.nio.file.AccessDeniedException
          || m.contains("Read-only file system")) {
        return "cannot write to " + row.destination + ": " + m;
      }
    }
    return null;
  }

  /** The peer went away (or never answered): worth waiting for; anything else is final. */
  private static boolean isNetwork(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.drawbridge.mesh.PeerUnreachableException) {
        return true;
      }
    }
    String m = String.valueOf(e.getMessage());
    return m.contains("could not be read") || m.contains("unreachable");
  }

  private synchronized void scheduleRetry() {
    if (retryTimer >= 0 || canceled) {
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    retryTimer = owner.vertx().setTimer(delay, t -> {
      synchronized (this) {
        retryTimer = -1;
      }
      pump();
    });
    LOG.infof("transfer %s waits %d ms for the peer", id, delay);
  }

  /** "Refresh network": stop waiting, try now. */
  synchronized void poke() {
    if (retryTimer >= 0) {
      owner.vertx().cancelTimer(retryTimer);
      retryTimer = -1;
      backoffMs = 2000;
      owner.vertx().runOnContext(v -> pump());
    }
  }

  private void failJobOrWait(Throwable e) {
    if (e instanceof dev.drawbridge.transfer.TransferFailedException || e instanceof PeerApiException) {
      owner.record(id, null, null, State.FAILED, e.getMessage());
      owner.finished(this);
    } else {
      owner.record(id, null, null, State.WAITING, e.getMessage());
      synchronized (this) {
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        retryTimer = owner.vertx().setTimer(delay, t -> {
          synchronized (this) {
            retryTimer = -1;
          }
          run();
        });
      }
    }
  }

  private void finish() {
    owner.record(id, null, null, failures == 0 ? State.COMPLETED : State.FAILED,
        failures == 0 ? null : failures + " file(s) failed");
    owner.finished(this);
  }

  synchronized void pause() {
    paused = true;
    running.values().forEach(FileDownload::pause);
    owner.record(id, null, null, State.PAUSED, null);
  }

  synchronized void cancel() {
    canceled = true;
    if (retryTimer >= 0) {
      owner.vertx().cancelTimer(retryTimer);
    }
    running.values().forEach(FileDownload::cancel);
    owner.record(id, null, null, State.CANCELED, null);
    owner.finished(this);
  }

  boolean isPaused() {
    return paused;
  }

  /** Resumes paused downloads in place (no reconnect needed), or restarts the pump. */
  synchronized void resume() {
    if (!paused) {
      return;
    }
    paused = false;
    running.values().forEach(FileDownload::resume);
    owner.record(id, null, null, State.STARTED, null);
    owner.vertx().runOnContext(v -> pump());
  }

  private String origin(TransferFile f) {
    return "drawbridge://" + row.peerId + "/" + row.shareName + "/" + f.remotePath;
  }
}
