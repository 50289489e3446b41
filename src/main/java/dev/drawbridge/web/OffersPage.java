package dev.drawbridge.web;

import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.offer.OfferRefused;
import dev.drawbridge.web.Masthead.Me;
import dev.drawbridge.web.Offers.OfferView;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The owner's offers page: "Send to…" a contact (local paths, like download destinations: a browser
 * file picker cannot hand over local paths), offers received with per-file answers and a
 * destination, and offers sent with each file's state. The lists refresh themselves (htmx).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OffersPage {
  @Inject Offers offers;
  @Inject dev.drawbridge.web.Contacts contacts;
  @Inject Masthead masthead;
  @Inject Htmx htmx;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance offers(
        Me me,
        List<ContactView> contacts,
        String to,
        List<OfferView> incoming,
        List<OfferView> outgoing,
        String error);

    static native TemplateInstance offers$incoming(List<OfferView> incoming, String error);

    static native TemplateInstance offers$outgoing(List<OfferView> outgoing, String error);
  }

  @GET
  @Path("offers")
  public TemplateInstance page(@QueryParam("to") String to) {
    return whole(to, null);
  }

  @GET
  @Path("ui/offers/incoming")
  public TemplateInstance incoming() {
    return Templates.offers$incoming(offers.incoming(), null);
  }

  @GET
  @Path("ui/offers/outgoing")
  public TemplateInstance outgoing() {
    return Templates.offers$outgoing(offers.outgoing(), null);
  }

  @POST
  @Path("ui/offers")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object send(
      @FormParam("peer") String peer,
      @FormParam("paths") String paths,
      @FormParam("note") String note) {
    String error =
        attempt(
            () -> {
              List<String> list =
                  paths == null
                      ? List.of()
                      : Arrays.stream(paths.split("\\R"))
                          .map(String::strip)
                          .filter(s -> !s.isEmpty())
                          .toList();
              try {
                offers.send(peer, list, note);
              } catch (java.io.IOException e) {
                throw new OfferRefused(400, "unreadable", "cannot read " + e.getMessage());
              }
            });
    return htmx.fragmentOr(
        "/offers",
        error,
        () -> Templates.offers$outgoing(offers.outgoing(), error),
        () -> whole(peer, error));
  }

  @POST
  @Path("ui/offers/{id}/{action: accept|reject}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object answer(
      @PathParam("id") String id,
      @PathParam("action") String action,
      @FormParam("files") List<String> files,
      @QueryParam("scope") String scope,
      @FormParam("destination") String destination) {
    String error =
        attempt(
            () -> {
              Set<Integer> which = "all".equals(scope) ? null : numbers(files);
              if (which != null && which.isEmpty()) {
                throw new OfferRefused(400, "invalid", "tick the files first, or use Accept all");
              }
              if (action.equals("accept")) {
                offers.accept(id, which, destination);
              } else {
                offers.reject(id, which);
              }
            });
    return htmx.fragmentOr(
        "/offers",
        error,
        () -> Templates.offers$incoming(offers.incoming(), error),
        () -> whole(null, error));
  }

  @POST
  @Path("ui/offers/{id}/remove")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object remove(@PathParam("id") String id) {
    offers.remove(id);
    return htmx.redirect("/offers");
  }

  private TemplateInstance whole(String to, String error) {
    return Templates.offers(
        masthead.me(), contacts.list(), to, offers.incoming(), offers.outgoing(), error);
  }

  private static Set<Integer> numbers(List<String> files) {
    Set<Integer> out = new HashSet<>();
    for (String f : files == null ? List.<String>of() : files) {
      out.add(Integer.parseInt(f));
    }
    return out;
  }

  /** Null when it worked, else the reason in plain words (the owner's input stays). */
  private static String attempt(Runnable action) {
    try {
      action.run();
      return null;
    } catch (OfferRefused | IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
