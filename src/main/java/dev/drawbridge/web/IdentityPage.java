package dev.drawbridge.web;

import dev.drawbridge.web.Masthead.Me;
import dev.drawbridge.web.NetworkStatus.Network;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Supplier;

/**
 * The home page: this peer's identity and its network (relays, LAN discovery), with the network's
 * form actions.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class IdentityPage {
  @Inject Masthead masthead;
  @Inject NetworkStatus network;
  @Inject Htmx htmx;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance identity(Me me, Network network, String error);

    static native TemplateInstance identity$network(Network network, String error);
  }

  @GET
  public TemplateInstance identity() {
    return Templates.identity(masthead.me(), network.now(), null);
  }

  @POST
  @Path("ui/network/relays")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object relays(@FormParam("relays") String relays) {
    return answer(
        () -> network.useRelays(relays == null ? List.of() : List.of(relays.split("\\R"))));
  }

  @POST
  @Path("ui/network/refresh")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object refresh() {
    return answer(network::refresh);
  }

  private Object answer(Supplier<Network> action) {
    String error = Attempt.of(action);
    return htmx.fragmentOr(
        "/",
        error,
        () -> Templates.identity$network(network.now(), error),
        () -> Templates.identity(masthead.me(), network.now(), error));
  }
}
