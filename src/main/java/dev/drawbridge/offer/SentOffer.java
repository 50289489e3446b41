package dev.drawbridge.offer;

import java.util.ArrayList;
import java.util.List;

/**
 * An offer this peer sent: to whom, the receiver's id for it, and per file the local path ({@link
 * OfferFile#placedAs}), its state as the receiver last said, and bytes sent.
 *
 * @param id this peer's id for it (also sent as the offer's "id")
 * @param peer the receiver's peer id text
 * @param remoteId the receiver's id for it, null until it answered 201
 * @param state the offer state the receiver last reported (or EXPIRED when it forgot it)
 * @param withdrawn the owner withdrew it
 */
public record SentOffer(
    String id,
    String peer,
    String remoteId,
    String note,
    List<OfferFile> files,
    OfferState state,
    boolean withdrawn,
    long createdAt) {
  public SentOffer {
    files = List.copyOf(files);
  }

  /** Nothing more to do: every file settled, or the offer is over. */
  public boolean finished() {
    return withdrawn
        || state == OfferState.EXPIRED
            && files.stream().noneMatch(f -> f.state() == FileState.ACCEPTED)
        || files.stream().allMatch(f -> f.state().settled());
  }

  public long totalBytes() {
    return files.stream().mapToLong(OfferFile::size).sum();
  }

  SentOffer with(String newRemoteId, OfferState newState, boolean nowWithdrawn) {
    return new SentOffer(id, peer, newRemoteId, note, files, newState, nowWithdrawn, createdAt);
  }

  SentOffer withFile(OfferFile changed) {
    List<OfferFile> out = new ArrayList<>(files);
    out.set(changed.n(), changed);
    return new SentOffer(id, peer, remoteId, note, out, state, withdrawn, createdAt);
  }
}
