package dev.drawbridge.transfer.job;

import java.util.List;

/**
 * A job as the owner sees it: what, from whom (or to whom, {@link #upload()}), where to, its state
 * and progress, and its files.
 */
public record TransferView(
    String id,
    String peerId,
    String peerName,
    String share,
    String path,
    boolean folder,
    String destination,
    String state,
    String detail,
    long bytes,
    long size,
    int fileCount,
    int filesDone,
    int filesPaused,
    int filesCanceled,
    long createdAt,
    List<FileView> files,
    String direction,
    String source) {

  /** An upload: {@link #path} is then the folder in the share the files go into. */
  public boolean upload() {
    return "upload".equals(direction);
  }

  /** The last part of an upload's local source, for its heading (the full path is shown below). */
  public String sourceName() {
    if (source == null) {
      return "";
    }
    java.nio.file.Path name = java.nio.file.Path.of(source).getFileName();
    return name == null ? source : name.toString();
  }

  public record FileView(
      String id,
      String path,
      long size,
      long bytes,
      String state,
      String detail,
      String finalPath) {
    /** Pause applies while the file is still to be fetched. */
    public boolean pausable() {
      return switch (state) {
        case "queued", "started", "waiting" -> true;
        default -> false;
      };
    }

    /** Resume a paused file; retry (from scratch) a canceled or failed one. */
    public boolean resumable() {
      return switch (state) {
        case "paused", "canceled", "failed", "rejected" -> true;
        default -> false;
      };
    }

    public boolean cancelable() {
      return !state.equals("completed") && !state.equals("canceled") && !state.equals("verified");
    }
  }

  public int percent() {
    return size <= 0
        ? (state.equals("completed") ? 100 : 0)
        : (int) Math.min(100, bytes * 100 / size);
  }

  public boolean active() {
    return !State.of(state).isFinal();
  }
}
