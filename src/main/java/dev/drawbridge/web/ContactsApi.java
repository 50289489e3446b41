package dev.drawbridge.web;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.mesh.PeerAddress;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/**
 * Local API for contacts. Browsing a contact's shares lives in {@link RemoteProxy} under
 * {@code /api/v1/contacts/{peerId}/shares}.
 */
@Path("/api/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
public class ContactsApi {
  @Inject ContactBook contacts;
  @Inject PeerNode node;

  public record NewContact(String peerId, String address, String nickname) {}

  public record Status(String peerId, boolean reachable, String route, String name, String reason) {}

  @GET
  public List<ContactView> list() {
    return contacts.list();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(NewContact body) {
    if (body == null || body.peerId() == null) {
      return LocalApiErrors.response(400, "invalid", "body must be {\"peerId\": ..., \"address\": \"host:port\"}");
    }
    ContactView saved = save(body.peerId(), body.address(), body.nickname());
    return Response.created(UriBuilder.fromPath("/api/v1/contacts/{id}").build(saved.peerId())).entity(saved).build();
  }

  /** Shared by the API and the UI form. */
  ContactView save(String peerIdText, String addressText, String nickname) {
    PeerId peer = PeerId.parse(peerIdText);
    PeerAddress address = addressText == null || addressText.isBlank() ? null : PeerAddress.parse(addressText);
    contacts.save(peer, address, nickname);
    node.dialer().forget(peer);
    return contacts.find(peer).orElseThrow();
  }

  @DELETE
  @Path("{peerId}")
  public Response remove(@PathParam("peerId") String peerId) {
    PeerId peer = PeerId.parse(peerId);
    node.dialer().forget(peer);
    return contacts.remove(peer) ? Response.noContent().build()
        : LocalApiErrors.response(404, "not_found", "no such contact");
  }

  /** Dials the contact now and says whether (and how) it answered. */
  @GET
  @Path("{peerId}/status")
  public Uni<Status> status(@PathParam("peerId") String peerId) {
    PeerId peer = PeerId.parse(peerId);
    return Uni.createFrom().completionStage(() -> probe(peer).toCompletionStage());
  }

  io.vertx.core.Future<Status> probe(PeerId peer) {
    return node.dialer().dial(peer).compose(link -> node.client().hello(peer).map(hello -> new Status(
            peer.value(), true, link.route().toString(), hello.getString("name"), null)))
        .recover(e -> io.vertx.core.Future.succeededFuture(
            new Status(peer.value(), false, null, null, e.getMessage())));
  }

}
