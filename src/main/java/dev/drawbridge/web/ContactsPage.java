package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.web.Contacts.Status;
import dev.drawbridge.web.Masthead.Me;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
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

/** The owner's contacts, each with a live "online" line, and the form actions that change them. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ContactsPage {
  @Inject Contacts contacts;
  @Inject Masthead masthead;
  @Inject Htmx htmx;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance contacts(Me me, List<ContactView> contacts, String error);

    static native TemplateInstance contacts$list(List<ContactView> contacts, String error);

    static native TemplateInstance contacts$status(Status status);
  }

  @GET
  @Path("contacts")
  public TemplateInstance page() {
    return Templates.contacts(masthead.me(), contacts.list(), null);
  }

  @POST
  @Path("ui/contacts")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object add(
      @FormParam("peerId") String peerId,
      @FormParam("address") String address,
      @FormParam("nickname") String nickname) {
    return answer(Attempt.of(() -> contacts.save(peerId, address, nickname)));
  }

  @POST
  @Path("ui/contacts/{peerId}/delete")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object remove(@PathParam("peerId") String peerId) {
    return answer(Attempt.of(() -> contacts.remove(peerId)));
  }

  @POST
  @Path("ui/contacts/refresh")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object refresh() {
    contacts.refreshNetwork();
    return answer(null);
  }

  /** A small status line for a contact, loaded by htmx once the contacts page shows. */
  @GET
  @Path("ui/contacts/{peerId}/status")
  public Uni<String> status(@PathParam("peerId") String peerId) {
    PeerId peer = PeerId.parse(peerId);
    return Uni.createFrom()
        .completionStage(() -> contacts.probe(peer).toCompletionStage())
        .map(s -> Templates.contacts$status(s).render());
  }

  private Object answer(String error) {
    return htmx.fragmentOr(
        "/contacts",
        error,
        () -> Templates.contacts$list(contacts.list(), error),
        () -> Templates.contacts(masthead.me(), contacts.list(), error));
  }
}
