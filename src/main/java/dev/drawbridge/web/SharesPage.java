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
  @Inject PeerLimitSettings uploadLimits;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance shares(
        Me me,
        List<ShareView> shares,
        List<ContactView> contacts,
        String error,
        PeerLimitsForm limits,
        String limitsError,
        String limitsSaved);

    static native TemplateInstance shares$limits(
        PeerLimitsForm limits, String limitsError, String limitsSaved);

    static native TemplateInstance shares$list(
        List<ShareView> shares, List<ContactView> contacts, String error);
  }

  @GET
  @Path("shares")
  public TemplateInstance page() {
    return whole(null, PeerLimitsForm.of(uploadLimits.now()), null, null);
  }

  @POST
  @Path("ui/settings/upload-limits")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object uploadLimits(
      @FormParam("concurrent") String concurrent, @FormParam("speed") String speed) {
    PeerLimitsForm typed = new PeerLimitsForm(concurrent, speed);
    String error = Attempt.of(() -> typed.saveTo(uploadLimits));
    PeerLimitsForm shown = error == null ? PeerLimitsForm.of(uploadLimits.now()) : typed;
    String saved = error == null ? "Saved. New uploads follow these limits." : null;
    return htmx.fragmentOr(
        "/shares",
        error,
        () -> Templates.shares$limits(shown, error, saved),
        () -> whole(null, shown, error, saved));
  }

  private TemplateInstance whole(
      String error, PeerLimitsForm limits, String limitsError, String limitsSaved) {
    return Templates.shares(
        masthead.me(), shares.list(), contacts.list(), error, limits, limitsError, limitsSaved);
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
        () -> whole(error, PeerLimitsForm.of(uploadLimits.now()), null, null));
  }
}
