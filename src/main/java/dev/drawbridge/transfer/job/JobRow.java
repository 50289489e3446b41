package dev.drawbridge.transfer.job;

/**
 * A job as the owner asked for it: what, from whom (or to whom), where to, and whether its files
 * are listed. An upload job sends {@link #source} (a local file or folder) into the folder {@link
 * #remotePath} of the contact's share; its {@link #destination} is empty.
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

  public Direction direction = Direction.DOWNLOAD;

  /** Upload jobs: the absolute local file or folder sent. */
  public String source;

  public boolean upload() {
    return direction == Direction.UPLOAD;
  }
}
