package dev.drawbridge.web;

import dev.drawbridge.identity.Avatar;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.node.PeerNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Who this peer is, and avatars for any PeerId. */
@Path("/api/v1")
public class IdentityApi {
  @Inject Identity identity;
  @Inject PeerNode node;

  public record IdentityView(String peerId, String name, int meshPort) {}

  @GET
  @Path("identity")
  @Produces(MediaType.APPLICATION_JSON)
  public IdentityView identity() {
    return new IdentityView(identity.peerId().value(), identity.displayName(), node.meshPort());
  }

  @GET
  @Path("avatars/{peerId}.svg")
  @Produces("image/svg+xml")
  public Response avatar(@PathParam("peerId") String peerId) {
    PeerId id = PeerId.parse(peerId);
    return Response.ok(Avatar.svg(id))
        .header("Cache-Control", "public, max-age=86400, immutable")
        .build();
  }
}
