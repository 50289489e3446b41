package dev.drawbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the append-only history: a job (fileId null) or a file entered a state. */
@Entity
@Table(name = "transfer_state")
public class TransferState extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "transfer_id", nullable = false)
  public String transferId;

  @Column(name = "file_id")
  public String fileId;

  @Column(nullable = false)
  public String state;

  public String detail;

  @Column(nullable = false)
  public long at;
}
