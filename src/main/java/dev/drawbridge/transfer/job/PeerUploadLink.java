package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** {@link UploadLink} over the mesh: the wire client {@link UploadClient} (docs/protocol.md). */
public final class PeerUploadLink implements UploadLink {
  static final int MAX_BUSY = 50;

  /** Requests per batch at once: two batches of two stay within the host's 4 bodies per peer. */
  static final int LANES = 2;

  static final long BUSY_WAIT_MS = 100;

  private final Vertx vertx;
  private final UploadClient client;

  public PeerUploadLink(Vertx vertx, UploadClient client) {
    this.vertx = vertx;
    this.client = client;
  }

  @Override
  public Future<Void> mkdir(PeerId peer, String share, SharePath folder) {
    return client.mkdir(peer, share, folder).mapEmpty();
  }

  @Override
  public Future<String> create(PeerId peer, String share, SharePath path, long length) {
    return client.create(peer, share, path, length, null, null).map(UploadClient.Created::location);
  }

  @Override
  public Future<Boolean> send(
      PeerId peer,
      SharePath path,
      String share,
      Path local,
      String location,
      LongConsumer sent,
      BooleanSupplier stop) {
    return client
        .sendFile(peer, share, path, local, location, sent, stop::getAsBoolean)
        .map(r -> true)
        .recover(
            e ->
                e instanceof UploadClient.Stopped
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(e));
  }

  @Override
  public Future<Void> cancel(PeerId peer, String location) {
    return client
        .cancel(peer, location)
        .recover(
            e ->
                e instanceof PeerApiException p && p.status() == 404
                    ? Future.succeededFuture()
                    : Future.failedFuture(e));
  }

  /**
   * Until the host's batch endpoint exists in the client: the files one request each, {@link
   * #LANES} at a time (a job keeps at most {@link Job#BATCHES_IN_FLIGHT} batches and {@link
   * Job#UPLOADS_IN_FLIGHT} files going, within the host's per-peer limit of bodies in flight); a
   * 429 is waited out briefly and tried again.
   */
  @Override
  public Future<List<Sent>> sendBatch(PeerId peer, String share, List<Small> files) {
    List<Sent> out = Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < LANES; lane++) {
      Future<Void> chain = Future.succeededFuture();
      for (int i = lane; i < files.size(); i += LANES) {
        Small s = files.get(i);
        chain = chain.compose(v -> whole(peer, share, s, 0).map(sent -> out.add(sent)).mapEmpty());
      }
      lanes.add(chain);
    }
    return Future.all(lanes).map(v -> List.copyOf(out));
  }

  private Future<Sent> whole(PeerId peer, String share, Small s, int busy) {
    return client
        .sendFile(peer, share, s.path(), s.local(), null, n -> {}, () -> false)
        .map(r -> new Sent(s.fileId(), 201, null))
        .recover(
            e -> {
              if (!(e instanceof PeerApiException p)) {
                return Future.failedFuture(e);
              }
              if (p.status() == 429 && busy < MAX_BUSY) {
                Promise<Sent> later = Promise.promise();
                vertx.setTimer(
                    BUSY_WAIT_MS, t -> whole(peer, share, s, busy + 1).onComplete(later));
                return later.future();
              }
              return Future.succeededFuture(new Sent(s.fileId(), p.status(), p.code()));
            });
  }
}
