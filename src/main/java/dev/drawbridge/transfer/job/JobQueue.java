package dev.drawbridge.transfer.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a job has left to fetch, in two lines: small untouched files, which travel in batches
 * ({@link BatchRun}), and the rest, fetched by chunks one file at a time. A file a batch handed
 * back (it changed, grew or failed verification) stays on the chunked line from then on. Plain
 * data, touched on the job's context only.
 */
final class JobQueue {
  private final Deque<JobFile> chunked = new ArrayDeque<>();
  private final Deque<JobFile> small = new ArrayDeque<>();
  private final Set<String> chunkedOnly = new HashSet<>();
  private final Set<RunningBatch> batches = new HashSet<>();

  /** Queues {@code f} on the line it belongs to. */
  void add(JobFile f) {
    if (BatchRun.fits(f) && !chunkedOnly.contains(f.id)) {
      small.add(f);
    } else {
      chunked.add(f);
    }
  }

  /** A file the batch could not settle: chunks from now on. */
  void byChunks(JobFile f) {
    chunkedOnly.add(f.id);
  }

  /** Ahead of everything else (a file that changed on the host starts over at once). */
  void first(JobFile f) {
    chunked.addFirst(f);
  }

  JobFile nextChunked() {
    return chunked.poll();
  }

  boolean hasChunked() {
    return !chunked.isEmpty();
  }

  boolean hasSmall() {
    return !small.isEmpty();
  }

  /** The next batch: up to {@code maxFiles} files or {@code maxBytes}. */
  List<JobFile> nextBatch(int maxFiles, long maxBytes) {
    List<JobFile> out = new ArrayList<>();
    long bytes = 0;
    while (!small.isEmpty()
        && out.size() < maxFiles
        && (out.isEmpty() || bytes + small.peek().size <= maxBytes)) {
      JobFile f = small.poll();
      bytes += f.size;
      out.add(f);
    }
    return out;
  }

  /** Takes {@code f} out of either line; true if it was waiting there. */
  boolean remove(JobFile f) {
    return chunked.remove(f) | small.remove(f);
  }

  boolean isQueued(JobFile f) {
    return chunked.contains(f) || small.contains(f);
  }

  void clear() {
    chunked.clear();
    small.clear();
  }

  boolean isEmpty() {
    return chunked.isEmpty() && small.isEmpty();
  }

  Set<RunningBatch> batches() {
    return batches;
  }

  boolean inBatch(JobFile f) {
    for (RunningBatch b : batches) {
      if (b.holds(f.id)) {
        return true;
      }
    }
    return false;
  }
}
