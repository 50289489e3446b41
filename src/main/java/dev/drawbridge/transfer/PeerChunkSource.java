package dev.drawbridge.transfer;

import dev.drawbridge.content.Manifest;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.ChunkReads;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** One file in a contact's share, as a {@link ChunkSource}: manifest and ranges over the mesh. */
public final class PeerChunkSource implements ChunkSource {
  private final ChunkReads client;
  private final PeerId peer;
  private final String share;
  private final SharePath path;

  public PeerChunkSource(ChunkReads client, PeerId peer, String share, SharePath path) {
    this.client = client;
    this.peer = peer;
    this.share = share;
    this.path = path;
  }

  @Override
  public Future<Manifest> manifest() {
    return client.manifest(peer, share, path);
  }

  @Override
  public Future<Buffer> read(long offset, int length, String etag) {
    return client.readChunk(peer, share, path, offset, length, etag);
  }

  @Override
  public String toString() {
    return peer.shortForm() + ":" + share + "/" + path;
  }
}
