package dev.drawbridge.transfer.job;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.transfer.ChunkIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where download and upload jobs persist: the jobs, their files, the append-only state history,
 * recent destinations and the index of placed chunks. Every method blocks (a database): callers run
 * them on the transfers' writer thread or a worker, never on an event loop. Each call is its own
 * short transaction.
 */
public interface JobStore {
  void create(JobRow job);

  Optional<JobRow> job(String jobId);

  /** Every job, newest first. */
  List<JobRow> jobs();

  /** A job's files, in the order they were listed. */
  List<JobFile> files(String jobId);

  /** One file of a job, or null. */
  JobFile file(String jobId, String fileId);

  /** A job's files were listed: stores them, marks the job listed, and records them queued. */
  void listed(String jobId, List<JobFile> files);

  void append(String jobId, String fileId, State state, String detail);

  /** The same state for many files, in one transaction. */
  void appendAll(String jobId, List<String> fileIds, State state);

  /**
   * Files placed by a batch: their final paths and sizes, and "completed" rows, in one transaction.
   */
  void completed(String jobId, List<Placed> placed);

  /** Latest state per file of a job (key null = the job itself). */
  Map<String, LatestState> latest(String jobId);

  /** The job's own latest state, or null. */
  LatestState jobState(String jobId);

  /** A job's files counted by their latest state, without loading them. */
  record Counts(int files, long size, long bytes, int done, int paused, int canceled) {}

  Counts counts(String jobId);

  void placedAt(String fileId, Path finalPath);

  /** A file's verified chunks so far (for {@code etag}). */
  void chunks(String fileId, String etag, byte[] verified, long bytesDone);

  /**
   * An upload file's host side: its open resumable upload ({@code location}, null once finished or
   * canceled), the name it got there after conflicts, and its path in the share as placed.
   */
  void uploading(String fileId, String location, String remoteName, String remotePath);

  /** Forgets a file's chunks: a resume starts it from scratch. */
  void forgetChunks(String fileId);

  /** Deletes every job not in {@code running}, with its files and history; how many went. */
  int clearExcept(Set<String> running);

  /** Offers {@code destination} first among the recent folders. */
  void rememberDestination(Path destination);

  List<String> recentDestinations();

  /** What a download from {@code peerId} may copy chunks from: files placed from that peer. */
  ChunkIndex placedChunks(String peerId);

  /**
   * A file just placed (verified against {@code manifest}) becomes a source of chunks for later
   * downloads.
   */
  void rememberPlaced(String peerId, Path placed, Manifest manifest) throws IOException;
}
