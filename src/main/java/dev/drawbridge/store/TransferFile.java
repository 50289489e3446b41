package dev.drawbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One file of a job, with its verified chunks so a restart resumes where it stopped. */
@Entity
@Table(name = "transfer_file")
public class TransferFile extends PanacheEntityBase {
  @Id public String id;

  @Column(name = "transfer_id", nullable = false)
  public String transferId;

  @Column(name = "remote_path", nullable = false)
  public String remotePath;

  @Column(name = "relative_path", nullable = false)
  public String relativePath;

  @Column(nullable = false)
  public long size;

  public String etag;

  /** BitSet.toByteArray() of verified chunks for {@link #etag}. */
  public byte[] verified;

  @Column(name = "bytes_done", nullable = false)
  public long bytesDone;

  @Column(name = "final_path")
  public String finalPath;

  /** Upload files: the local file read. */
  @Column(name = "local_path")
  public String localPath;

  /** Upload files: the host's resumable upload, while one is open. */
  @Column(name = "upload_location")
  public String uploadLocation;

  /** Upload files: the name used on the host (after "name (1)" conflicts). */
  @Column(name = "remote_name")
  public String remoteName;
}
