package dev.drawbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A download or upload job as the owner asked for it. */
@Entity
@Table(name = "transfer")
public class Transfer extends PanacheEntityBase {
  @Id public String id;

  @Column(name = "peer_id", nullable = false)
  public String peerId;

  @Column(name = "share_name", nullable = false)
  public String shareName;

  @Column(name = "remote_path", nullable = false)
  public String remotePath;

  @Column(nullable = false)
  public boolean folder;

  @Column(nullable = false)
  public String destination;

  @Column(nullable = false)
  public boolean enumerated;

  @Column(name = "created_at", nullable = false)
  public long createdAt;

  /** "download" or "upload". */
  @Column(nullable = false)
  public String direction = "download";

  /** Upload jobs: the local file or folder sent. */
  public String source;
}
