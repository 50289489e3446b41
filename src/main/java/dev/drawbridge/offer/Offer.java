package dev.drawbridge.offer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An offer this peer received: who sent it, the files and their states, where accepted files go,
 * and when it expires. Immutable; the {@link Inbox} replaces it on every change.
 *
 * @param id the receiver's id for it (random, url-safe), the one on the wire
 * @param sender the sender's peer id text
 * @param senderOfferId the id the sender gave it (its own bookkeeping; shown nowhere)
 * @param note the sender's note, at most 200 characters, may be empty
 * @param destination absolute folder accepted files go into, null until the owner accepts any
 * @param expiresAt epoch ms after which undecided files count as rejected
 * @param expired true once the expiry passed (set by the sweep)
 */
public record Offer(
    String id,
    String sender,
    String senderOfferId,
    String note,
    List<OfferFile> files,
    String destination,
    long createdAt,
    long expiresAt,
    boolean expired) {
  public Offer {
    files = List.copyOf(files);
  }

  public OfferState state() {
    return OfferState.of(files, expired);
  }

  public long totalBytes() {
    return files.stream().mapToLong(OfferFile::size).sum();
  }

  public OfferFile file(int n) {
    return n >= 0 && n < files.size() ? files.get(n) : null;
  }

  /** The given files (all when {@code which} is null) that are still pending get {@code state}. */
  Offer decide(Set<Integer> which, FileState state, String newDestination) {
    List<OfferFile> out = new ArrayList<>(files.size());
    for (OfferFile f : files) {
      boolean chosen = which == null || which.contains(f.n());
      out.add(chosen && f.state() == FileState.PENDING ? f.with(state) : f);
    }
    return new Offer(
        id,
        sender,
        senderOfferId,
        note,
        out,
        newDestination != null ? newDestination : destination,
        createdAt,
        expiresAt,
        expired);
  }

  Offer withFile(OfferFile changed) {
    List<OfferFile> out = new ArrayList<>(files);
    out.set(changed.n(), changed);
    return new Offer(
        id, sender, senderOfferId, note, out, destination, createdAt, expiresAt, expired);
  }

  /** Time ran out: undecided files are rejected, decided ones keep their state. */
  Offer expire() {
    Offer rejected = decide(null, FileState.REJECTED, null);
    return new Offer(
        id, sender, senderOfferId, note, rejected.files, destination, createdAt, expiresAt, true);
  }
}
