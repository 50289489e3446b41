package dev.drawbridge.web;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.job.Transfers;
import dev.drawbridge.transfer.job.UploadSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.WebApplicationException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * "Send to a contact's share" as the local API asks for it: a local file or folder (checked:
 * exists, readable, no symbolic link), into a folder of a share the contact grants us with
 * READ_WRITE (their peer is asked; a READ grant is refused here, before any job exists). Blocks
 * (called from a worker).
 */
@ApplicationScoped
public class UploadRequests {
  @Inject Transfers transfers;

  String start(String peerId, String share, String folder, String source) throws BadPathException {
    if (peerId == null || share == null || source == null) {
      throw new IllegalArgumentException(
          "body must be {\"direction\":\"upload\", \"peer\", \"share\", \"folder\", \"source\"}");
    }
    PeerId peer = PeerId.parse(peerId);
    SharePath into = SharePath.parse(folder == null ? "" : folder);
    Path from = UploadSource.check(source);
    if (!writable(peer, share)) {
      throw new ClientErrorException(
          DisplayName.of(peer)
              + " doesn't let you add files to \""
              + share
              + "\": ask them to grant it \"Read and write\".",
          403);
    }
    return transfers.upload(peer, share, into, from);
  }

  private boolean writable(PeerId peer, String share) {
    try {
      return transfers
          .writable(peer, share)
          .toCompletionStage()
          .toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new WebApplicationException(
          DisplayName.of(peer) + "'s peer did not answer; try again when they are online.", 504);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
