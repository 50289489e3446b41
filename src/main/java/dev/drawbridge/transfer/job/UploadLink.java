package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.SharePath;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * What upload jobs need from the host's peer (docs/protocol.md, "Uploads"): narrow, so a job never
 * sees HTTP. A refusal fails the future with {@link PeerApiException} (status and error code: 409
 * exists, 507, 413, 404 ...). {@link PeerUploadLink} speaks it over the mesh.
 */
public interface UploadLink {
  /** A small file for one batch request: its path in the share and where it is read from. */
  record Small(String fileId, SharePath path, Path local, long size) {}

  /** How the host settled one file of a batch (201 placed; else the status and error code). */
  record Sent(String fileId, int status, String error) {}

  /** Creates the folder (and its parents); 409 "exists" when a file has that name. */
  Future<Void> mkdir(PeerId peer, String share, SharePath folder);

  /** Files up to this size go in one request, not resumable (as the wire client decides). */
  long WHOLE_MAX = 8L << 20;

  /** Opens a resumable upload for {@code length} bytes at {@code path}: its location. */
  Future<String> create(PeerId peer, String share, SharePath path, long length);

  /**
   * Sends {@code local} into the open upload {@code location} from the host's offset on (or, with
   * {@code location} null, a file of at most {@link #WHOLE_MAX} in one request to {@code path});
   * true once the host placed the file, false when {@code stop} said so at a part boundary. {@code
   * sent} hears the host's acknowledged offset.
   */
  Future<Boolean> send(
      PeerId peer,
      SharePath path,
      String share,
      Path local,
      String location,
      LongConsumer sent,
      BooleanSupplier stop);

  /** Cancels an open upload; the host removes its partial file (a 404 counts as done). */
  Future<Void> cancel(PeerId peer, String location);

  /** Sends small files in one request, each verified and placed (or refused) on its own. */
  Future<List<Sent>> sendBatch(PeerId peer, String share, List<Small> files);

  /** Until the wire client is wired in: every upload fails plainly. */
  UploadLink NONE =
      new UploadLink() {
        private <T> Future<T> no() {
          return Future.failedFuture(
              new PeerApiException(501, "not_supported", "uploads are not available"));
        }

        @Override
        public Future<Void> mkdir(PeerId peer, String share, SharePath folder) {
          return no();
        }

        @Override
        public Future<String> create(PeerId peer, String share, SharePath path, long length) {
          return no();
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
          return no();
        }

        @Override
        public Future<Void> cancel(PeerId peer, String location) {
          return no();
        }

        @Override
        public Future<List<Sent>> sendBatch(PeerId peer, String share, List<Small> files) {
          return no();
        }
      };
}
