package dev.drawbridge.web;

import dev.drawbridge.web.Offers.OfferView;
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
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Local API for push offers (docs/api.md "Offers"): send local files to a contact, answer offers
 * received file by file (the auto-accept rule is in {@link SettingsApi}). Blocking (database), so
 * on worker threads.
 */
@Path("/api/v1/offers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OffersApi {
  @Inject Offers offers;

  public record NewOffer(String peer, List<String> paths, String note) {}

  /** {@code files}: a list of file numbers, or the string "all" (also when missing). */
  public record Answer(Object files, String destination) {}

  @POST
  public Response send(NewOffer body) throws IOException {
    if (body == null) {
      throw new IllegalArgumentException("body must be {\"peer\", \"paths\": [...], \"note\"}");
    }
    OfferView v = offers.send(body.peer(), body.paths(), body.note());
    return Response.status(201).entity(v).build();
  }

  @GET
  public Map<String, List<OfferView>> list() {
    return Map.of("incoming", offers.incoming(), "outgoing", offers.outgoing());
  }

  @POST
  @Path("{id}/accept")
  public OfferView accept(@PathParam("id") String id, Answer body) {
    return offers.accept(id, which(body), body == null ? null : body.destination());
  }

  @POST
  @Path("{id}/reject")
  public OfferView reject(@PathParam("id") String id, Answer body) {
    return offers.reject(id, which(body));
  }

  @DELETE
  @Path("{id}")
  public Response remove(@PathParam("id") String id) {
    if (!offers.remove(id)) {
      throw new NotFoundException("no such offer");
    }
    return Response.noContent().build();
  }

  /** null (all) for a missing body, a missing "files" or "all"; else the numbers given. */
  private static Set<Integer> which(Answer body) {
    if (body == null || body.files() == null || "all".equals(body.files())) {
      return null;
    }
    if (!(body.files() instanceof List<?> list)) {
      throw new IllegalArgumentException("files: a list of file numbers, or \"all\"");
    }
    Set<Integer> out = new HashSet<>();
    for (Object o : list) {
      if (!(o instanceof Number n)) {
        throw new IllegalArgumentException("files: a list of file numbers, or \"all\"");
      }
      out.add(n.intValue());
    }
    return out;
  }
}
