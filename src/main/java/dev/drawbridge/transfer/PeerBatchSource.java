package dev.drawbridge.transfer;

import dev.drawbridge.content.BatchEntry;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.ChunkReads;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/** Small files of one contact's share, many per request, as a {@link BatchSource}. */
public final class PeerBatchSource implements BatchSource {
  private final ChunkReads client;
  private final PeerId peer;
  private final String share;

  public PeerBatchSource(ChunkReads client, PeerId peer, String share) {
    this.client = client;
    this.peer = peer;
    this.share = share;
  }

  @Override
  public Future<Void> fetch(List<String> remotePaths, Function<BatchEntry, Future<Void>> sink) {
    return client.batch(peer, share, remotePaths, sink);
  }
}
