package dev.drawbridge.web;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.ShareException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * Form actions of the owner UI. With htmx (HX-Request) they answer the refreshed fragment; without
 * JavaScript they redirect back to the page (POST/redirect/GET). Errors show inline, never lose input.
 */
@Path("/ui")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class UiActions {
  @Inject ShareCatalog shares;
  @Inject ContactBook contacts;
  @Inject ContactsApi contactsApi;
  @Inject Pages pages;

  @POST
  @Path("shares")
  public Object addShare(@FormParam("name") String name, @FormParam("path") String path, @HeaderParam("HX-Request") String hx) {
    return shareAction(hx, () -> shares.add(name == null ? null : name.strip(), path == null ? null : path.strip()));
  }

  @POST
  @Path("shares/{name}/delete")
  public Object removeShare(@PathParam("name") String name, @HeaderParam("HX-Request") String hx) {
    return shareAction(hx, () -> {
      shares.remove(name);
      return null;
    });
  }

  @POST
  @Path("shares/{name}/grants")
  public Object grant(@PathParam("name") String name, @FormParam("peerId") String peerId,
      @FormParam("access") String access, @HeaderParam("HX-Request") String hx) {
    return shareAction(hx, () -> shares.grant(name, PeerId.parse(peerId), SharesApi.parseAccess(access)));
  }

  @POST
  @Path("shares/{name}/grants/{peerId}/revoke")
  public Object revoke(@PathParam("name") String name, @PathParam("peerId") String peerId, @HeaderParam("HX-Request") String hx) {
    return shareAction(hx, () -> {
      shares.revoke(name, PeerId.parse(peerId));
      return null;
    });
  }

  @POST
  @Path("contacts")
  public Object addContact(@FormParam("peerId") String peerId, @FormParam("address") String address,
      @FormParam("nickname") String nickname, @HeaderParam("HX-Request") String hx) {
    String error = attempt(() -> contactsApi.save(peerId, address, nickname));
    return contactsAnswer(hx, error);
  }

  @POST
  @Path("contacts/{peerId}/delete")
  public Object removeContact(@PathParam("peerId") String peerId, @HeaderParam("HX-Request") String hx) {
    String error = attempt(() -> contactsApi.remove(peerId));
    return contactsAnswer(hx, error);
  }

  @Inject PeerNode node;
  @Inject NetworkApi network;

  @POST
  @Path("network/relays")
  public Object relays(@FormParam("relays") String relays, @HeaderParam("HX-Request") String hx) {
    String error = attempt(() -> {
      node.useRelays(relays == null ? java.util.List.of() : java.util.List.of(relays.split("\\R")));
      return null;
    });
    return networkAnswer(hx, error);
  }

  @POST
  @Path("network/refresh")
  public Object refresh(@HeaderParam("HX-Request") String hx) {
    node.refreshNetwork();
    return networkAnswer(hx, null);
  }

  @POST
  @Path("contacts/refresh")
  public Object refreshContacts(@HeaderParam("HX-Request") String hx) {
    node.refreshNetwork();
    return contactsAnswer(hx, null);
  }

  private Object networkAnswer(String hx, String error) {
    if (hx != null) {
      return Pages.Templates.identity$network(network.network(), error);
    }
    return error == null ? Response.seeOther(URI.create("/")).build()
        : Pages.Templates.identity(pages.me(), network.network(), error);
  }

  /** A small status line for a contact, loaded by htmx once the contacts page shows. */
  @jakarta.ws.rs.GET
  @Path("contacts/{peerId}/status")
  public io.smallrye.mutiny.Uni<String> status(@PathParam("peerId") String peerId) {
    PeerId peer = PeerId.parse(peerId);
    return io.smallrye.mutiny.Uni.createFrom().completionStage(() -> contactsApi.probe(peer).toCompletionStage())
        .map(s -> s.reachable()
            ? "<span class=\"online\">● online</span> · " + escape(s.route())
            : "<span class=\"offline\">● offline</span> · " + escape(s.reason()));
  }

  private static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private Object contactsAnswer(String hx, String error) {
    if (hx != null) {
      return Pages.Templates.contacts$list(contacts.list(), error);
    }
    return error == null ? Response.seeOther(URI.create("/contacts")).build()
        : Pages.Templates.contacts(pages.me(), contacts.list(), error);
  }

  private Object shareAction(String hx, Supplier<?> action) {
    String error = attempt(action);
    if (hx != null) {
      return Pages.Templates.shares$list(shares.list(), contacts.list(), error);
    }
    return error == null ? Response.seeOther(URI.create("/shares")).build()
        : Pages.Templates.shares(pages.me(), shares.list(), contacts.list(), error);
  }

  private static String attempt(Supplier<?> action) {
    try {
      action.get();
      return null;
    } catch (ShareException | IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
