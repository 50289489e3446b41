package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.ShareCatalog.ShareView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/** Local API for the owner's shares and grants. */
@Path("/api/v1/shares")
@Produces(MediaType.APPLICATION_JSON)
public class SharesApi {
  @Inject ShareCatalog catalog;

  public record NewShare(String name, String path) {}

  public record GrantRequest(String access) {}

  @GET
  public List<ShareView> list() {
    return catalog.list();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(NewShare body) {
    if (body == null) {
      throw new IllegalArgumentException("body must be {\"name\": ..., \"path\": ...}");
    }
    ShareView created = catalog.add(body.name(), body.path());
    return Response.created(UriBuilder.fromPath("/api/v1/shares/{name}").build(created.name()))
        .entity(created)
        .build();
  }

  @DELETE
  @Path("{name}")
  public Response remove(@PathParam("name") String name) {
    catalog.remove(name);
    return Response.noContent().build();
  }

  @PUT
  @Path("{name}/grants/{peerId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response grant(
      @PathParam("name") String name, @PathParam("peerId") String peerId, GrantRequest body) {
    Access access = parseAccess(body == null ? null : body.access());
    boolean created = catalog.grant(name, PeerId.parse(peerId), access);
    return Response.status(created ? 201 : 200)
        .entity(ShareCatalog.GrantView.of(PeerId.parse(peerId).value(), access))
        .build();
  }

  @DELETE
  @Path("{name}/grants/{peerId}")
  public Response revoke(@PathParam("name") String name, @PathParam("peerId") String peerId) {
    catalog.revoke(name, PeerId.parse(peerId));
    return Response.noContent().build();
  }

  static Access parseAccess(String text) {
    try {
      return Access.valueOf(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("access must be READ or READ_WRITE");
    }
  }
}
