package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** The real link, noting what a job asked of it: uploads opened, the first resumed, first ack. */
final class RecordingLink implements UploadLink {
  final AtomicInteger creates = new AtomicInteger();
  final AtomicReference<String> firstLocation = new AtomicReference<>();
  final AtomicLong firstProgress = new AtomicLong(-1);
  private final UploadLink real;

  RecordingLink(UploadLink real) {
    this.real = real;
  }

  @Override
  public Future<Void> mkdir(PeerId peer, String share, SharePath folder) {
    return real.mkdir(peer, share, folder);
  }

  @Override
  public Future<String> create(PeerId peer, String share, SharePath path, long length) {
    creates.incrementAndGet();
    return real.create(peer, share, path, length);
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
    firstLocation.compareAndSet(null, location);
    return real.send(
        peer,
        path,
        share,
        local,
        location,
        n -> {
          firstProgress.compareAndSet(-1, n);
          sent.accept(n);
        },
        stop);
  }

  @Override
  public Future<Void> cancel(PeerId peer, String location) {
    return real.cancel(peer, location);
  }

  @Override
  public Future<List<Sent>> sendBatch(PeerId peer, String share, List<Small> files) {
    return real.sendBatch(peer, share, files);
  }
}
