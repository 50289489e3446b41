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
}
