package dev.drawbridge.store;

import dev.drawbridge.share.Access;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One peer's access to one share. */
@Entity
@Table(name = "share_grant")
public class GrantRecord extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "share_name", nullable = false)
  public String shareName;

  @Column(name = "peer_id", nullable = false)
  public String peerId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Access access;

  @Column(name = "granted_at", nullable = false)
  public long grantedAt;
}
