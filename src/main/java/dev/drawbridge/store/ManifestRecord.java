package dev.drawbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stored manifest of one file version (see V3__manifests.sql for the packing). */
@Entity
@Table(name = "manifest")
public class ManifestRecord extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "real_path", nullable = false)
  public String realPath;

  @Column(nullable = false)
  public long size;

  @Column(name = "mtime_nanos", nullable = false)
  public long mtimeNanos;

  @Column(name = "file_key", nullable = false)
  public String fileKey;

  @Column(nullable = false)
  public String etag;

  @Column(name = "chunk_size", nullable = false)
  public int chunkSize;

  /** Raw 32-byte hashes back to back: a third of the size of their base64 text. */
  @Column(nullable = false)
  public byte[] chunks;

  @Column(nullable = false)
  public byte[] digest;

  @Column(name = "created_at", nullable = false)
  public long createdAt;
}
