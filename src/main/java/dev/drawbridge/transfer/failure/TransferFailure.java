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

  /**
   * The host refused an upload, or its bytes did not arrive intact ({@link Problem#DAMAGED}: sent
   * again once, then failed), or the local file can no longer be read.
   */
  record Upload(String peerName, Problem problem) implements TransferFailure {
    /** Why, in the words the owner reads. */
    public enum Problem {
      SHARE_FULL,
      TOO_LARGE,
      NOT_ALLOWED,
      BAD_NAME,
      DAMAGED,
      BUSY,
      UNREADABLE
    }

    @Override
    public boolean retryable() {
      return problem == Problem.DAMAGED || problem == Problem.BUSY;
    }

    @Override
    public String sentence() {
      return switch (problem) {
        case SHARE_FULL ->
            peerName + "'s share is full: ask them to make room or raise its limit, then retry.";
        case TOO_LARGE ->
            "This file is too large for " + peerName + "'s share; ask them to raise the limit.";
        case NOT_ALLOWED -> peerName + " no longer lets you add files here.";
        case BAD_NAME ->
            peerName + "'s peer refuses this file's name: rename it on this computer, then retry.";
        case DAMAGED ->
            "The file did not arrive intact at " + peerName + "'s; Drawbridge sends it again.";
        case BUSY ->
            peerName + "'s peer is busy with other uploads; Drawbridge tries again shortly.";
        case UNREADABLE ->
            "Drawbridge can't read this file on this computer any more (moved, deleted or not"
                + " readable): check it, then retry.";
      };
    }

    /** What the owner reads once sending it again did not help either. */
    public String keptFailing() {
      return "The file kept arriving damaged at "
          + peerName
          + "'s (or it changes on this computer while it is sent); retry once it stays the same.";
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
