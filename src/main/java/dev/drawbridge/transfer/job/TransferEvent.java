package dev.drawbridge.transfer.job;

/**
 * What the UI and the event stream see (Libdrop's vocabulary): queued, started, progress, paused,
 * waiting, verified, completed, failed, canceled. File-level events carry {@code fileId} and {@code
 * path}; job-level ones do not. Progress is coalesced to a few per second per job.
 */
public record TransferEvent(
    String type,
    String transferId,
    String fileId,
    String path,
    long bytes,
    long size,
    long bytesPerSecond,
    Long etaSeconds,
    String route,
    String detail,
    long at) {

  static TransferEvent state(
      String transferId, String fileId, String path, State state, String detail) {
    return new TransferEvent(
        state.wire(),
        transferId,
        fileId,
        path,
        0,
        0,
        0,
        null,
        null,
        detail,
        System.currentTimeMillis());
  }
}
