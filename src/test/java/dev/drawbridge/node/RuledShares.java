package dev.drawbridge.node;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.share.UploadRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The owner's grants with upload rules set per share by the test (the default otherwise). */
final class RuledShares implements ShareAccess {
  final Map<String, UploadRules> rules = new ConcurrentHashMap<>();
  private final ShareAccess grants;

  RuledShares(ShareAccess grants) {
    this.grants = grants;
  }

  private GrantedShare ruled(GrantedShare g) {
    UploadRules r = rules.get(g.name());
    return r == null ? g : new GrantedShare(g.name(), g.folder(), g.access(), r);
  }

  @Override
  public List<GrantedShare> sharesFor(PeerId peer) {
    return grants.sharesFor(peer).stream().map(this::ruled).toList();
  }

  @Override
  public Optional<GrantedShare> share(PeerId peer, String name) {
    return grants.share(peer, name).map(this::ruled);
  }

  @Override
  public void onChange(Runnable listener) {
    grants.onChange(listener);
  }

  @Override
  public Set<PeerId> grantees() {
    return grants.grantees();
  }
}
