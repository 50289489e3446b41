package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.web.Contacts.Status;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/**
 * Local API for contacts. Browsing a contact's shares lives in {@link RemoteProxy} under {@code
 * /api/v1/contacts/{peerId}/shares}.
 */
@Path("/api/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
public class ContactsApi {
  @Inject Contacts contacts;

  public record NewContact(String peerId, String address, String nickname) {}

  @GET
  public List<ContactView> list() {
    return contacts.list();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(NewContact body) {
    if (body == null || body.peerId() == null) {
      throw new IllegalArgumentException(
          "body must be {\"peerId\": ..., \"address\": \"host:port\"}");
    }
    ContactView saved = contacts.save(body.peerId(), body.address(), body.nickname());
    return Response.created(UriBuilder.fromPath("/api/v1/contacts/{id}").build(saved.peerId()))
        .entity(saved)
        .build();
  }

  @DELETE
  @Path("{peerId}")
  public Response remove(@PathParam("peerId") String peerId) {
    if (!contacts.remove(peerId)) {
      throw new NotFoundException("no such contact");
    }
    return Response.noContent().build();
  }

  /** Dials the contact now and says whether (and how) it answered. */
  @GET
  @Path("{peerId}/status")
  public Uni<Status> status(@PathParam("peerId") String peerId) {
    PeerId peer = PeerId.parse(peerId);
    return Uni.createFrom().completionStage(() -> contacts.probe(peer).toCompletionStage());
  }
}
