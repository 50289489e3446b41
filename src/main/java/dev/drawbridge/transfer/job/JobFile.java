package dev.drawbridge.transfer.job;

/**
 * One file of a job, with its verified chunks so a restart resumes where it stopped. The job's copy
 * is kept in step with the store as chunks are verified (see {@link StoredChunkLedger}).
 */
public final class JobFile {
  public String id;
  public String transferId;
  public String remotePath;
  public String relativePath;
  public long size;
  public String etag;

  /** BitSet.toByteArray() of verified chunks for {@link #etag}. */
  public byte[] verified;

  public long bytesDone;
  public String finalPath;

  /** Upload files: the local file read ({@link #remotePath} is where it goes in the share). */
  public String localPath;

  /** Upload files: the host's open resumable upload, null before it is created or once done. */
  public String uploadLocation;

  /** Upload files: the name used on the host once conflicts are settled (null until then). */
  public String remoteName;
}
