package dev.drawbridge.offer;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Uploads one local file to a peer through an upload create at {@code createUri} (for offers {@code
 * /peer/v1/offers/{offer}/files/{n}}): the upload client's resumable send, seen from here.
 */
public interface FileSender {
  /** Completes when the peer placed the file; fails with the peer's refusal or a broken link. */
  Future<Void> send(
      PeerId peer, String createUri, Path local, LongConsumer progress, BooleanSupplier stop);

  /** For a node without the upload client: every accepted file fails with this reason. */
  static FileSender unavailable() {
    return (peer, uri, local, progress, stop) ->
        Future.failedFuture(new IllegalStateException("sending files is not available here"));
  }
}
