package dev.drawbridge.transfer.job;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the owner did to single files of one job: paused ones wait outside the queue (their partial
 * file and verified chunks stay), canceled ones are gone for good unless resumed (their partial
 * file is deleted). The job consults this before it retries, finishes or counts a file. Plain data,
 * touched on the job's context only.
 */
final class FileHolds {
  /** The job-level detail of a job that waits only for individually paused files starts so. */
  static final String PARKED = "paused: ";

  private final Map<String, JobFile> files = new HashMap<>();
  private final Set<String> paused = new HashSet<>();
  private final Set<String> canceled = new HashSet<>();
  // Resumed while its halted download was still stopping: queued again once it has stopped.
  private final Set<String> requeue = new HashSet<>();

  void known(JobFile f) {
    files.put(f.id, f);
  }

  JobFile file(String id) {
    return files.get(id);
  }

  Collection<JobFile> files() {
    return files.values();
  }

  boolean any() {
    return !files.isEmpty();
  }

  void pause(String id) {
    requeue.remove(id);
    paused.add(id);
  }

  boolean unpause(String id) {
    return paused.remove(id);
  }

  boolean isPaused(String id) {
    return paused.contains(id);
  }

  List<String> paused() {
    return List.copyOf(paused);
  }

  int pausedCount() {
    return paused.size();
  }

  void cancel(String id) {
    requeue.remove(id);
    paused.remove(id);
    canceled.add(id);
  }

  boolean uncancel(String id) {
    return canceled.remove(id);
  }

  boolean isCanceled(String id) {
    return canceled.contains(id);
  }

  int canceledCount() {
    return canceled.size();
  }

  void requeueWhenStopped(String id) {
    requeue.add(id);
  }

  boolean takeRequeue(String id) {
    return requeue.remove(id);
  }

  /** The file was placed after all (a pause or cancel came too late): nothing holds it any more. */
  void settled(String id) {
    paused.remove(id);
    canceled.remove(id);
    requeue.remove(id);
  }

  /** Job-level detail for a finished job: how many files failed and how many the owner canceled. */
  String outcome(int failures) {
    String failed = failures == 0 ? null : failures + " file(s) failed";
    String dropped = canceled.isEmpty() ? null : canceled.size() + " file(s) canceled";
    return failed == null ? dropped : dropped == null ? failed : failed + " · " + dropped;
  }

  static String parkedDetail(int pausedFiles) {
    return PARKED + pausedFiles + (pausedFiles == 1 ? " file" : " files");
  }

  static boolean isParked(LatestState jobState) {
    return jobState != null
        && jobState.value() == State.PAUSED
        && jobState.detail() != null
        && jobState.detail().startsWith(PARKED);
  }
}
