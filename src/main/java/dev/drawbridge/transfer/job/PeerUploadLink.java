package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.peerapi.UploadClient;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** {@link UploadLink} over the mesh: the wire client {@link UploadClient} (docs/protocol.md). */
public final class PeerUploadLink implements UploadLink {
  static final int MAX_BUSY = 50;

  /** The host takes files up to 1 MiB in a batch. */
  static final int BATCH_FILE_MAX = 1 << 20;

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
   * The files in one POST /peer/v1/batch-upload (the client splits at the host's limits), read from
   * disk off the event loop; a file that cannot be read here (changed since the walk, grown past a
   * batch's 1 MiB) is answered "unknown" so the job sends it alone, where its error is plain. A 429
   * (the host's bodies per peer in use) is waited out briefly and tried again.
   */
  @Override
  public Future<List<Sent>> sendBatch(PeerId peer, String share, List<Small> files) {
    return vertx
        .executeBlocking(() -> read(files), false)
        .compose(read -> batch(peer, share, read, 0));
  }

  /** The files read for a batch, and those that go alone instead. */
  private record Read(
      List<UploadClient.BatchFile> batch, Map<String, String> idByPath, List<Sent> alone) {}

  private static Read read(List<Small> files) {
    List<UploadClient.BatchFile> batch = new ArrayList<>();
    Map<String, String> idByPath = new HashMap<>();
    List<Sent> alone = new ArrayList<>();
    for (Small s : files) {
      try {
        byte[] bytes = Files.readAllBytes(s.local());
        if (bytes.length != s.size() || bytes.length > BATCH_FILE_MAX) {
          alone.add(new Sent(s.fileId(), 0, "changed"));
          continue;
        }
        batch.add(new UploadClient.BatchFile(s.path(), Buffer.buffer(bytes)));
        idByPath.put(s.path().toString(), s.fileId());
      } catch (IOException e) {
        alone.add(new Sent(s.fileId(), 0, "unreadable"));
      }
    }
    return new Read(batch, idByPath, alone);
  }

  private Future<List<Sent>> batch(PeerId peer, String share, Read read, int busy) {
    if (read.batch().isEmpty()) {
      return Future.succeededFuture(read.alone());
    }
    return client
        .sendBatch(peer, share, read.batch())
        .map(
            results -> {
              List<Sent> out = new ArrayList<>(read.alone());
              for (UploadClient.BatchResult r : results) {
                String id = read.idByPath().get(r.path());
                if (id != null) {
                  out.add(new Sent(id, r.status(), r.error()));
                }
              }
              return out;
            })
        .recover(
            e -> {
              if (e instanceof PeerApiException p && p.status() == 429 && busy < MAX_BUSY) {
                Promise<List<Sent>> later = Promise.promise();
                vertx.setTimer(
                    BUSY_WAIT_MS, t -> batch(peer, share, read, busy + 1).onComplete(later));
                return later.future();
              }
              return Future.failedFuture(e);
            });
  }
}
