package dev.drawbridge.web;

import dev.drawbridge.offer.AutoAccept;
import dev.drawbridge.upload.PeerLimits;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Local API for owner settings that are not about one share or contact. */
@Path("/api/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsApi {
  @Inject PeerLimitSettings limits;
  @Inject Offers offers;

  /** Contacts whose push offers are accepted at once, into {@code folder}. */
  public record AutoAcceptRule(List<String> peers, String folder) {}

  /** A change of the per-peer upload limits: fields left out keep their value. */
  public record LimitsChange(Integer concurrentUploads, Long bytesPerSecond) {}

  @GET
  @Path("upload-limits")
  public PeerLimits uploadLimits() {
    return limits.now();
  }

  @PUT
  @Path("upload-limits")
  @Consumes(MediaType.APPLICATION_JSON)
  public PeerLimits changeUploadLimits(LimitsChange body) {
    if (body == null) {
      throw new IllegalArgumentException(
          "body must be {\"concurrentUploads\": 1..64, \"bytesPerSecond\": 0 or more}");
    }
    return limits.change(body.concurrentUploads(), body.bytesPerSecond());
  }

  @PUT
  @Path("auto-accept")
  @Consumes(MediaType.APPLICATION_JSON)
  public AutoAcceptRule autoAccept(AutoAcceptRule body) {
    AutoAccept rule =
        offers.autoAccept(body == null ? null : body.peers(), body == null ? null : body.folder());
    return new AutoAcceptRule(
        rule.peers().stream().sorted().toList(),
        rule.folder() == null ? null : rule.folder().toString());
  }

  @GET
  @Path("auto-accept")
  public AutoAcceptRule autoAccept() {
    AutoAccept rule = offers.autoAccept();
    return new AutoAcceptRule(
        rule.peers().stream().sorted().toList(),
        rule.folder() == null ? null : rule.folder().toString());
  }
}
