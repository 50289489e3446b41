package dev.drawbridge.transfer.job;

/**
 * A download job as the owner asked for it: what, from whom, where to, and whether its files are
 * listed.
 */
public final class JobRow {
  public String id;
  public String peerId;
  public String shareName;
  public String remotePath;
  public boolean folder;
  public String destination;

  /** True once the job's files are listed and stored (a folder is listed only once). */
  public boolean enumerated;

  public long createdAt;
}
