package dev.drawbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A peer the owner wants to reach, with an optional address hint for direct dialing. */
@Entity
@Table(name = "contact")
public class ContactRecord extends PanacheEntityBase {
  @Id
  @Column(name = "peer_id")
  public String peerId;

  public String nickname;

  /** host:port of the peer's mesh listener, or null when unknown. */
  public String address;

  @Column(name = "added_at", nullable = false)
  public long addedAt;
}
