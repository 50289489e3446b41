package dev.drawbridge.peerapi;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.upload.DigestField;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Sends one local file with {@link UploadClient}:
 *
 * <pre>
 *   size <= SINGLE_PUT_MAX and no known upload → one PUT (Upload-Complete: ?1)
 *   otherwise: create (or HEAD a known upload for its offset), then per part:
 *     read it once (Content-Digest, and the whole-file sha-256 carried along) → PATCH
 *     the last part carries Repr-Digest; 201 = placed
 *   a dropped link, offset_mismatch or upload_busy → wait, HEAD for the host's offset, go on
 *     from there (re-reading the file from that offset); other refusals end the send
 *   stopRequested is asked before each part → {@link UploadClient.Stopped} (location, offset)
 * </pre>
 *
 * One part is in memory at a time.
 */
final class FileSender {
  /** Consecutive failures without progress before the send gives up. */
  static final int MAX_RETRIES = 40;

  private final UploadClient client;
  private final PeerId peer;
  private final String share;
  private final SharePath path;
  private final Path local;
  private final LongConsumer progress;
  private final Supplier<Boolean> stop;
  private final Promise<UploadClient.Result> done = Promise.promise();
  private long size;
  private String location;
  private long offset;
  private long maxPart = UploadClient.DEFAULT_PART;
  private MessageDigest whole = DigestField.sha256Digest();
  private long wholeTo;
  private int failures;

  FileSender(
      UploadClient client,
      PeerId peer,
      String share,
      SharePath path,
      Path local,
      LongConsumer progress,
      Supplier<Boolean> stop) {
    this.client = client;
    this.peer = peer;
    this.share = share;
    this.path = path;
    this.local = local;
    this.progress = progress == null ? n -> {} : progress;
    this.stop = stop == null ? () -> false : stop;
  }

  Future<UploadClient.Result> start(String knownLocation) {
    client
        .vertx()
        .executeBlocking(() -> Files.size(local), false)
        .onFailure(done::tryFail)
        .onSuccess(
            n -> {
              size = n;
              if (knownLocation != null) {
                location = knownLocation;
                resync();
              } else if (size <= UploadClient.SINGLE_PUT_MAX) {
                whole();
              } else {
                client
                    .create(peer, share, path, size, null, null)
                    .onFailure(done::tryFail)
                    .onSuccess(
                        c -> {
                          location = c.location();
                          maxPart = Math.min(UploadClient.DEFAULT_PART, c.maxPart());
                          offset = c.offset();
                          next();
                        });
              }
            });
    return done.future();
  }

  private void whole() {
    client
        .vertx()
        .executeBlocking(() -> Buffer.buffer(Files.readAllBytes(local)), false)
        .compose(b -> client.put(peer, share, path, b, null))
        .onSuccess(
            r -> {
              progress.accept(size);
              done.tryComplete(r);
            })
        .onFailure(done::tryFail);
  }

  /** A part read from disk with its digest, and the whole-file digest if it ends the file. */
  private record Part(Buffer bytes, String digest, MessageDigest wholeAfter, String repr) {}

  private void next() {
    if (stop.get()) {
      done.tryFail(new UploadClient.Stopped(location, offset));
      return;
    }
    long at = offset;
    int len = (int) Math.min(maxPart, size - at);
    boolean complete = at + len == size;
    client
        .vertx()
        .executeBlocking(() -> read(at, len, complete), false)
        .compose(
            p -> {
              return client
                  .append(peer, location, at, p.bytes(), p.digest(), complete, p.repr())
                  .map(
                      r -> {
                        whole = p.wholeAfter();
                        wholeTo = at + len;
                        return r;
                      });
            })
        .onSuccess(
            r -> {
              failures = 0;
              offset = at + len;
              progress.accept(offset);
              if (complete) {
                done.tryComplete(r);
              } else {
                next();
              }
            })
        .onFailure(this::failed);
  }

  /** Blocking: the part's bytes and digest; the whole-file hash is first rebuilt if we jumped. */
  private Part read(long at, int len, boolean last) throws IOException, CloneNotSupportedException {
    try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
      if (wholeTo != at) {
        whole = DigestField.sha256Digest();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (long pos = 0; pos < at; ) {
          buf.clear().limit((int) Math.min(buf.capacity(), at - pos));
          int n = ch.read(buf, pos);
          if (n < 0) {
            throw new EOFException("the file became shorter while it was sent");
          }
          whole.update(buf.flip());
          pos += n;
        }
        wholeTo = at;
      }
      byte[] bytes = new byte[len];
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        if (ch.read(buf, at + buf.position()) < 0) {
          throw new EOFException("the file became shorter while it was sent");
        }
      }
      MessageDigest part = DigestField.sha256Digest();
      part.update(bytes);
      MessageDigest after = (MessageDigest) whole.clone();
      after.update(bytes);
      String repr =
          last
              ? Base64.getEncoder().encodeToString(((MessageDigest) after.clone()).digest())
              : null;
      return new Part(
          Buffer.buffer(bytes), Base64.getEncoder().encodeToString(part.digest()), after, repr);
    }
  }

  private void failed(Throwable e) {
    boolean retry;
    if (e instanceof PeerApiException pe) {
      retry =
          pe.status() == 409
              && (pe.code().equals("offset_mismatch") || pe.code().equals("upload_busy"));
    } else {
      retry = !(e instanceof IOException); // a broken link; not our own file failing
    }
    if (!retry || ++failures > MAX_RETRIES) {
      done.tryFail(e);
      return;
    }
    client.vertx().setTimer(Math.min(5000, 250L * failures), t -> resync());
  }

  /** Asks the host where it stands and continues from there. */
  private void resync() {
    if (stop.get()) {
      done.tryFail(new UploadClient.Stopped(location, offset));
      return;
    }
    client
        .offset(peer, location)
        .onSuccess(
            o -> {
              offset = o;
              progress.accept(offset);
              next();
            })
        .onFailure(this::failed);
  }
}
