package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.ShareCatalog.ShareView;
import dev.drawbridge.web.Masthead.Me;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Supplier;

/** The owner's shares and who may use them, with the form actions that change them. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SharesPage {
  @Inject ShareCatalog shares;
  @Inject Contacts contacts;
  @Inject Masthead masthead;
  @Inject Htmx htmx;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance shares(
        Me me, List<ShareView> shares, List<ContactView> contacts, String error);

    static native TemplateInstance shares$list(
        List<ShareView> shares, List<ContactView> contacts, String error);
  }

  @GET
  @Path("shares")
  public TemplateInstance page() {
    return Templates.shares(masthead.me(), shares.list(), contacts.list(), null);
  }

  @POST
  @Path("ui/shares")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object add(@FormParam("name") String name, @FormParam("path") String path) {
    return answer(
        () -> shares.add(name == null ? null : name.strip(), path == null ? null : path.strip()));
  }

  @POST
  @Path("ui/shares/{name}/delete")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object remove(@PathParam("name") String name) {
    return answer(
        () -> {
          shares.remove(name);
          return null;
        });
  }

  @POST
  @Path("ui/shares/{name}/grants")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object grant(
      @PathParam("name") String name,
      @FormParam("peerId") String peerId,
      @FormParam("access") String access) {
    return answer(() -> shares.grant(name, PeerId.parse(peerId), SharesApi.parseAccess(access)));
  }

  @POST
  @Path("ui/shares/{name}/grants/{peerId}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object revoke(@PathParam("name") String name, @PathParam("peerId") String peerId) {
    return answer(
        () -> {
          shares.revoke(name, PeerId.parse(peerId));
          return null;
        });
  }

  private Object answer(Supplier<?> action) {
    String error = Attempt.of(action);
    return htmx.fragmentOr(
        "/shares",
        error,
        () -> Templates.shares$list(shares.list(), contacts.list(), error),
        () -> Templates.shares(masthead.me(), shares.list(), contacts.list(), error));
  }
}
