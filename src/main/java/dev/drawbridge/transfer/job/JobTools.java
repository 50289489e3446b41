package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.BatchSource;
import dev.drawbridge.transfer.FileDownload;
import dev.drawbridge.transfer.LocalCopies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * Everything a {@link Job} uses from outside itself: the history and events, the job's files, the
 * download and batch factories, and the one writer thread. Narrow on purpose: a job never reaches
 * into the service that runs it.
 */
interface JobTools {
  Vertx vertx();

  /** Appends a history row (in order, off the event loop) and tells the UI at once. */
  void record(String jobId, String fileId, String path, State state, String detail);

  /** One history row per file in one transaction; no events (the job's progress says enough). */
  void recordAll(String jobId, List<JobFile> files, State state);

  /** Many files completed at once: final paths and history rows in one transaction, then events. */
  void completedAll(String jobId, List<Placed> placed);

  /** A job's files with the latest state of each. */
  record Loaded(List<JobFile> files, Map<String, LatestState> latest) {}

  /** The job's files, listing a folder once (then stored), with the history's latest states. */
  Future<Loaded> load(JobRow row, PeerId peer);

  BatchSource batchSource(PeerId peer, String share);

  FileDownload download(
      JobFile f,
      PeerId peer,
      String share,
      SharePath remote,
      Path folder,
      LocalCopies copies,
      BiConsumer<Long, Long> onProgress);

  /**
   * What a job's downloads may copy chunks from: the job's own files, then files placed from the
   * same peer.
   */
  LocalCopies localCopies(String peerId);

  /**
   * Runs blocking work (database, placement) on the one writer thread, in order; completes on the
   * caller's context.
   */
  <T> Future<T> blocking(Callable<T> work);

  /** Blocking: where a file was placed. */
  void placed(String fileId, Path finalPath);

  /**
   * Blocking, best effort: a placed file becomes a source of chunks for this job's next files and
   * later jobs.
   */
  void rememberPlaced(
      String peerId, LocalCopies copies, FileDownload.Verified verified, Path placed);

  /**
   * Blocking: a canceled file's partial file goes and its chunks are forgotten (a resume starts
   * over). For an upload, the host's open upload is canceled (its partial goes there).
   */
  void discard(JobRow row, JobFile f) throws IOException;

  /** Blocking: a file's partial file goes (its row stays); for an upload, the host's. */
  void deletePartial(JobRow row, JobFile f) throws IOException;

  /** Blocking: an upload file's host side (see {@link JobStore#uploading}). */
  void uploading(JobFile f);

  /** How upload jobs reach the host's share. */
  UploadLink uploadLink();

  /**
   * The job ended (completed, failed, canceled or parked on paused files): it no longer runs here.
   */
  void finished(Job job);
}
