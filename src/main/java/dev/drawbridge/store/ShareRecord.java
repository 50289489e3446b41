package dev.drawbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A folder of this host offered under a name. Who may see it is decided by {@link GrantRecord}s.
 */
@Entity
@Table(name = "share")
public class ShareRecord extends PanacheEntityBase {
  @Id public String name;

  /** Real path of the folder when it was added; never sent to other peers. */
  @Column(nullable = false)
  public String folder;

  @Column(name = "created_at", nullable = false)
  public long createdAt;
}
