package dev.drawbridge.web;

import dev.drawbridge.app.TransfersConfig;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.job.Destination;
import dev.drawbridge.transfer.job.Transfers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;

/**
 * "Download to this computer" as the API and the browse page's form both ask for it: parse what
 * (peer, share, path), choose where (the typed folder, checked, or the configured one), start the
 * job, and remember a folder the owner chose. Bad input fails before any job exists.
 */
@ApplicationScoped
public class DownloadRequests {
  @Inject Transfers transfers;
  @Inject TransfersConfig transfersConfig;

  /** "Save into": the configured download folder, and the folders used lately. */
  public record SaveInto(String value, List<String> recent) {}

  /**
   * Starts a background job; {@code destination} blank means the configured download folder.
   * Returns its id.
   */
  String start(String peerId, String share, String path, boolean folder, String destination)
      throws BadPathException {
    SharePath what = SharePath.parse(path == null ? "" : path);
    Path into = Destination.resolve(destination, transfersConfig.downloadDir());
    String id =
        transfers.download(PeerId.parse(peerId), share, what, folder || what.isRoot(), into);
    if (destination != null && !destination.isBlank()) {
      transfers.rememberDestination(into);
    }
    return id;
  }

  SaveInto saveInto() {
    return new SaveInto(
        transfersConfig.downloadDir().toAbsolutePath().normalize().toString(),
        transfers.recentDestinations());
  }
}
