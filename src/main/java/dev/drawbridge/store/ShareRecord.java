package dev.drawbridge.store;

import dev.drawbridge.share.UploadRules;
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

  // share.UploadRules, one column each (V7).
  @Column(name = "upload_allow_replace", nullable = false)
  public boolean uploadAllowReplace;

  @Column(name = "upload_max_file_bytes", nullable = false)
  public long uploadMaxFileBytes;

  @Column(name = "upload_quota_bytes", nullable = false)
  public long uploadQuotaBytes;

  @Column(name = "upload_quota_files", nullable = false)
  public long uploadQuotaFiles;

  @Column(name = "upload_reserve_bytes", nullable = false)
  public long uploadReserveBytes;

  UploadRules rules() {
    return new UploadRules(
        uploadAllowReplace,
        uploadMaxFileBytes,
        uploadQuotaBytes,
        uploadQuotaFiles,
        uploadReserveBytes);
  }

  void rules(UploadRules r) {
    uploadAllowReplace = r.allowReplace();
    uploadMaxFileBytes = r.maxFileBytes();
    uploadQuotaBytes = r.quotaBytes();
    uploadQuotaFiles = r.quotaFiles();
    uploadReserveBytes = r.reserveBytes();
  }
}
