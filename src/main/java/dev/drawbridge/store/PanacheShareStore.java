package dev.drawbridge.store;

import dev.drawbridge.share.Access;
import dev.drawbridge.share.ShareStore;
import dev.drawbridge.share.UploadRules;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Shares (with their upload rules) and grants in the peer's SQLite database (tables share and
 * share_grant).
 */
@ApplicationScoped
public class PanacheShareStore implements ShareStore {
  @Override
  public List<SavedShare> shares() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<SavedShare> out = new ArrayList<>();
              for (ShareRecord s : ShareRecord.<ShareRecord>listAll(Sort.by("name"))) {
                List<SavedGrant> grants =
                    GrantRecord.<GrantRecord>list("shareName", Sort.by("peerId"), s.name).stream()
                        .map(g -> new SavedGrant(s.name, s.folder, g.peerId, g.access, s.rules()))
                        .toList();
                out.add(new SavedShare(s.name, s.folder, grants, s.rules()));
              }
              return out;
            });
  }

  @Override
  public List<SavedGrant> grants() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<SavedGrant> out = new ArrayList<>();
              for (GrantRecord g : GrantRecord.<GrantRecord>listAll()) {
                ShareRecord s = ShareRecord.findById(g.shareName);
                out.add(new SavedGrant(g.shareName, s.folder, g.peerId, g.access, s.rules()));
              }
              return out;
            });
  }

  @Override
  public boolean insertShare(String name, String folder) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              if (ShareRecord.findById(name) != null) {
                return false;
              }
              ShareRecord s = new ShareRecord();
              s.name = name;
              s.folder = folder;
              s.createdAt = System.currentTimeMillis();
              s.rules(UploadRules.DEFAULT);
              s.persist();
              return true;
            });
  }

  @Override
  public boolean deleteShare(String name) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              GrantRecord.delete("shareName", name);
              // A new share of the same name starts with its whole quota; the arrivals stay
              // (audit).
              ShareRecord.getEntityManager()
                  .createNativeQuery("DELETE FROM arrival_usage WHERE share_name = ?1")
                  .setParameter(1, name)
                  .executeUpdate();
              return ShareRecord.deleteById(name);
            });
  }

  @Override
  public PutGrant putGrant(String share, String peerId, Access access) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              if (ShareRecord.findById(share) == null) {
                return PutGrant.NO_SUCH_SHARE;
              }
              GrantRecord g =
                  GrantRecord.find("shareName = ?1 and peerId = ?2", share, peerId).firstResult();
              boolean isNew = g == null;
              if (isNew) {
                g = new GrantRecord();
                g.shareName = share;
                g.peerId = peerId;
              }
              g.access = access;
              g.grantedAt = System.currentTimeMillis();
              g.persist();
              return isNew ? PutGrant.CREATED : PutGrant.CHANGED;
            });
  }

  @Override
  public boolean putRules(String share, UploadRules rules) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ShareRecord s = ShareRecord.findById(share);
              if (s == null) {
                return false;
              }
              s.rules(rules);
              return true;
            });
  }

  @Override
  public boolean deleteGrant(String share, String peerId) {
    return QuarkusTransaction.requiringNew()
            .call(() -> GrantRecord.delete("shareName = ?1 and peerId = ?2", share, peerId))
        > 0;
  }
}
