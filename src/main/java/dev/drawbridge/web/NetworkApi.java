package dev.drawbridge.web;

import dev.drawbridge.web.NetworkStatus.Network;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Local API for how this peer reaches others: relays (hot-reloadable) and "refresh network". */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkApi {
  @Inject NetworkStatus network;

  public record RelayList(List<String> relays) {}

  @GET
  @Path("network")
  public Network network() {
    return network.now();
  }

  /** Replaces the relay list; takes effect at once, no restart. */
  @PUT
  @Path("config/relays")
  @Consumes(MediaType.APPLICATION_JSON)
  public Network setRelays(RelayList body) {
    if (body == null || body.relays() == null) {
      throw new IllegalArgumentException("body must be {\"relays\": [\"host:port\", ...]}");
    }
    return network.useRelays(body.relays());
  }

  /** Retries everything now: relay connections, LAN discovery, and every peer's path. */
  @POST
  @Path("network/refresh")
  public Network refresh() {
    return network.refresh();
  }
}
