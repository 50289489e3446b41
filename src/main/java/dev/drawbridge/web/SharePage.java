package dev.drawbridge.web;

import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.ShareCatalog.ShareView;
import dev.drawbridge.web.ArrivalList.Listing;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One share as its owner manages it: who may do what, what guests may upload into it, and what
 * arrived. The upload rules form answers htmx with its own fragment (saved, or the owner's input
 * back with the reason).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SharePage {
  @Inject ShareCatalog shares;
  @Inject ArrivalList arrivals;
  @Inject Masthead masthead;
  @Inject Htmx htmx;
  @Inject ContactBook contacts;

  /** A grant in plain words. */
  public record Person(String peerId, String name, String can) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance share(
        Me me,
        ShareView share,
        List<Person> people,
        UploadRulesForm form,
        String error,
        String saved,
        Listing arrivals,
        String shown);

    static native TemplateInstance share$uploads(
        ShareView share, UploadRulesForm form, String error, String saved);

    static native TemplateInstance share$arrivals(ShareView share, Listing arrivals, String shown);
  }

  @GET
  @Path("ui/shares/{name}")
  public TemplateInstance page(
      @PathParam("name") String name, @QueryParam("before") String before) {
    ShareView share = shares.get(name);
    return whole(share, UploadRulesForm.of(share.uploadRules()), null, null, before);
  }

  @GET
  @Path("ui/shares/{name}/arrivals")
  public TemplateInstance arrivals(
      @PathParam("name") String name, @QueryParam("before") String before) {
    ShareView share = shares.get(name);
    return Templates.share$arrivals(
        share, arrivals.page(name, before, ArrivalList.PAGE), before == null ? "newest" : "older");
  }

  @POST
  @Path("ui/shares/{name}/uploads")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object saveRules(
      @PathParam("name") String name,
      @FormParam("allowReplace") String allowReplace,
      @FormParam("maxFile") String maxFile,
      @FormParam("quotaSize") String quotaSize,
      @FormParam("quotaFiles") String quotaFiles,
      @FormParam("reserve") String reserve) {
    ShareView before = shares.get(name);
    UploadRulesForm typed =
        new UploadRulesForm(allowReplace != null, maxFile, quotaSize, quotaFiles, reserve);
    String error =
        Attempt.of(
            () -> {
              shares.setUploadRules(name, typed.rules());
              return null;
            });
    ShareView share = error == null ? shares.get(name) : before;
    // Saved: show the rules as stored (normalized sizes); refused: exactly what was typed.
    UploadRulesForm shown = error == null ? UploadRulesForm.of(share.uploadRules()) : typed;
    String saved = error == null ? "Saved. Guests' next uploads follow these rules." : null;
    return htmx.fragmentOr(
        UriBuilder.fromPath("/ui/shares/{name}").build(name).toString(),
        error,
        () -> Templates.share$uploads(share, shown, error, saved),
        () -> whole(share, shown, error, saved, null));
  }

  private TemplateInstance whole(
      ShareView share, UploadRulesForm form, String error, String saved, String before) {
    Map<String, String> nicknames = new HashMap<>();
    for (ContactView c : contacts.list()) {
      if (c.nickname() != null && !c.nickname().isBlank()) {
        nicknames.put(c.peerId(), c.nickname());
      }
    }
    List<Person> people =
        share.grants().stream()
            .map(
                g ->
                    new Person(
                        g.peerId(),
                        nicknames.getOrDefault(g.peerId(), g.name()),
                        g.access() == Access.READ_WRITE ? "Can view and add files" : "Can view"))
            .toList();
    return Templates.share(
        masthead.me(),
        share,
        people,
        form,
        error,
        saved,
        arrivals.page(share.name(), before, ArrivalList.PAGE),
        before == null ? "newest" : "older");
  }
}
