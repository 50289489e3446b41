package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.ShareCatalog.ShareView;
import dev.drawbridge.share.UploadRules;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/** Local API for the owner's shares, grants, upload rules and what arrived. */
@Path("/api/v1/shares")
@Produces(MediaType.APPLICATION_JSON)
public class SharesApi {
  @Inject ShareCatalog catalog;
  @Inject ArrivalList arrivals;

  /** A change of upload rules: fields left out keep their value. */
  public record RulesChange(
      Boolean allowReplace,
      Long maxFileBytes,
      Long quotaBytes,
      Long quotaFiles,
      Long reserveBytes) {}

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

  @GET
  @Path("{name}/upload-rules")
  public UploadRules uploadRules(@PathParam("name") String name) {
    return catalog.get(name).uploadRules();
  }

  @PUT
  @Path("{name}/upload-rules")
  @Consumes(MediaType.APPLICATION_JSON)
  public UploadRules changeUploadRules(@PathParam("name") String name, RulesChange body) {
    if (body == null) {
      throw new IllegalArgumentException(
          "body must be {\"allowReplace\": ..., \"maxFileBytes\": ..., \"quotaBytes\": ...,"
              + " \"quotaFiles\": ..., \"reserveBytes\": ...}");
    }
    UploadRules was = catalog.get(name).uploadRules();
    UploadRules rules =
        new UploadRules(
            body.allowReplace() == null ? was.allowReplace() : body.allowReplace(),
            limit("maxFileBytes", body.maxFileBytes(), was.maxFileBytes()),
            limit("quotaBytes", body.quotaBytes(), was.quotaBytes()),
            limit("quotaFiles", body.quotaFiles(), was.quotaFiles()),
            limit("reserveBytes", body.reserveBytes(), was.reserveBytes()));
    catalog.setUploadRules(name, rules);
    return catalog.get(name).uploadRules();
  }

  @GET
  @Path("{name}/arrivals")
  public ArrivalList.Listing arrivals(
      @PathParam("name") String name,
      @QueryParam("limit") @DefaultValue("50") int limit,
      @QueryParam("before") String before) {
    catalog.get(name);
    return arrivals.page(name, before, limit);
  }

  private static long limit(String field, Long given, long was) {
    if (given == null) {
      return was;
    }
    if (given < 0) {
      throw new IllegalArgumentException(field + " cannot be negative (0 means no limit)");
    }
    return given;
  }

  static Access parseAccess(String text) {
    try {
      return Access.valueOf(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("access must be READ or READ_WRITE");
    }
  }
}
