package dev.drawbridge.transfer.failure;

import java.nio.file.Path;

/**
 * What happened to a download, one type per cause. {@link #retryable()} decides whether the job
 * waits and tries again or records the file failed; {@link #sentence()} is what the owner reads
 * (history detail, events, UI). Technical detail never goes in the sentence: callers log it.
 */
public sealed interface TransferFailure {
  boolean retryable();

  String sentence();

  /** The disk said no: waiting will not change it, the owner has to. */
  record Disk(DiskProblem problem, Path folder) implements TransferFailure {
    @Override
    public boolean retryable() {
      return false;
    }

    @Override
    public String sentence() {
      return switch (problem) {
        case NO_SPACE -> "Your disk is full: free some space in " + folder + ", then retry.";
        case PERMISSION ->
            "Drawbridge may not write into "
                + folder
                + ": pick another folder or change its permissions, then retry.";
        case READ_ONLY -> folder + " is on a read-only disk: pick another folder, then retry.";
        case PATH ->
            "This file can't be saved under "
                + folder
                + " (the folder is gone or a name is in the way):"
                + " check the folder, then retry.";
        case OTHER -> "Drawbridge couldn't write into " + folder + ": check the disk, then retry.";
      };
    }
  }

  /** The peer is unreachable, timed out or dropped the connection: worth waiting for. */
  record PeerGone(String peerName) implements TransferFailure {
    @Override
    public boolean retryable() {
      return true;
    }

    @Override
    public String sentence() {
      return peerName + "'s peer can't be reached right now; Drawbridge keeps trying.";
    }
  }

  /**
   * The file changed on the host mid-transfer: it starts over (once; then see {@link
   * #keptChanging}).
   */
  record Changed(String peerName) implements TransferFailure {
    @Override
    public boolean retryable() {
      return true;
    }

    @Override
    public String sentence() {
      return "The file changed on "
          + peerName
          + "'s computer during the download; Drawbridge starts it over.";
    }

    /** What the owner reads once the restart did not help either. */
    public String keptChanging() {
      return "The file kept changing on "
          + peerName
          + "'s computer during the download;"
          + " retry once it stays the same.";
    }
  }

  /** The host refused (a 4xx answer): the file is gone, or not shared with us. */
  record NotGranted(String peerName, int status) implements TransferFailure {
    @Override
    public boolean retryable() {
      return false;
    }

    @Override
    public String sentence() {
      return switch (status) {
        case 401, 403 -> peerName + " doesn't share this with you (any more).";
        case 404, 410 -> peerName + "'s peer doesn't have this file any more.";
        default -> peerName + "'s peer refused this download.";
      };
    }
  }

  /**
   * The bytes kept failing verification, even after a repair: nothing unverified is ever placed.
   */
  record Corrupt(String peerName) implements TransferFailure {
    @Override
    public boolean retryable() {
      return false;
    }

    @Override
    public String sentence() {
      return "The file from "
          + peerName
          + " kept failing verification, so it was not saved; retry later.";
    }
  }

  /**
   * The host answered with something Drawbridge can't use (a malformed manifest, a refused name).
   */
  record BadAnswer(String peerName) implements TransferFailure {
    @Override
    public boolean retryable() {
      return false;
    }

    @Override
    public String sentence() {
      return peerName
          + "'s peer sent something Drawbridge can't use for this file;"
          + " retry later, or ask them to update Drawbridge.";
    }
  }

  /** A folder beyond what the owner allows in one job: refused before anything is fetched. */
  record OverLimit(Limit limit, long allowed) implements TransferFailure {
    /** Which of the configured limits. */
    public enum Limit {
      TOO_MANY_FILES,
      TOO_DEEP
    }

    @Override
    public boolean retryable() {
      return false;
    }

    @Override
    public String sentence() {
      return switch (limit) {
        case TOO_MANY_FILES ->
            "This folder has more than "
                + allowed
                + " files, more than one download may hold; download its subfolders instead.";
        case TOO_DEEP ->
            "This folder goes deeper than "
                + allowed
                + " levels, more than one download may hold; download its subfolders instead.";
      };
    }
  }

  /** The owner stopped it on purpose (paused or canceled): not a failure to report. */
  record Stopped(boolean canceled) implements TransferFailure {
    @Override
    public boolean retryable() {
      return false;
    }

    @Override
    public String sentence() {
      return canceled ? "Canceled." : "Paused.";
    }
  }

  /**
   * Nothing we know of: tried again later, as a peer that went away would be; the log has the
   * detail.
   */
  record Unexpected() implements TransferFailure {
    @Override
    public boolean retryable() {
      return true;
    }

    @Override
    public String sentence() {
      return "Something unexpected went wrong with this file; Drawbridge tries again shortly.";
    }
  }
}
