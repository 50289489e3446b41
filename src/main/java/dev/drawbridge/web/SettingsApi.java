package dev.drawbridge.web;

import dev.drawbridge.upload.PeerLimits;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Local API for owner settings that are not about one share or contact. */
@Path("/api/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsApi {
  @Inject PeerLimitSettings limits;

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
}
