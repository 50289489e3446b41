package dev.drawbridge.web;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.web.LocalApiErrors.Failure;

/**
 * The host's refusal of an upload, as the owner's API reports it: the host's status and code pass
 * through (409 exists, 403 read_only, 404, 413, 507, 429), with a message a person can act on. The
 * page shows the message as it is.
 */
final class UploadRefusals {
  private UploadRefusals() {}

  static Failure of(Throwable e, RemoteTarget target) {
    if (!(e instanceof PeerApiException p)) {
      return e instanceof PeerUnreachableException
              || e instanceof IllegalArgumentException
              || e instanceof IllegalStateException
          ? refusal(e)
          : LocalApiErrors.of(e);
    }
    String host = DisplayName.of(target.peer());
    String name = target.path().isRoot() ? target.share() : target.path().name();
    String message =
        switch (p.status()) {
          case 403 -> "You can only view this share: " + host + " did not allow you to add files.";
          case 404 -> "This share is not available to you any more (removed, or access revoked).";
          case 409 ->
              "offset_mismatch".equals(p.code())
                  ? "The upload and the host disagree on how much arrived; ask for the offset again."
                  : "A file named " + name + " already exists in " + target.share() + ".";
          case 412 -> name + " changed on " + host + "'s side; nothing was replaced.";
          case 413 -> name + " is larger than " + host + "'s share accepts. " + p.getMessage();
          case 429 -> "Too many uploads to " + host + " at once; it continues in a moment.";
          case 507 -> host + "'s share is full: " + p.getMessage();
          default -> p.getMessage();
        };
    int status = p.status() >= 400 && p.status() < 500 || p.status() == 507 ? p.status() : 502;
    return new Failure(status, p.code(), message);
  }

  private static Failure refusal(Throwable e) {
    if (e instanceof PeerUnreachableException) {
      return new Failure(502, "peer_unreachable", e.getMessage());
    }
    if (e instanceof IllegalStateException) {
      // the sender went away, or too many unfinished uploads here
      return new Failure(409, "aborted", e.getMessage());
    }
    return new Failure(400, "invalid", e.getMessage());
  }
}
