package dev.drawbridge.transfer.job;

import dev.drawbridge.PeerConfig;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
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
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Local API for download jobs, and the JSON event stream (Server-Sent Events). */
@Path("/api/v1/transfers")
@Produces(MediaType.APPLICATION_JSON)
public class TransfersApi {
  @Inject Transfers transfers;
  @Inject TransferEvents events;
  @Inject PeerConfig config;
  @Inject FileControl files;

  /** {@code folder}: true to download a whole folder; {@code destination}: optional local folder. */
  public record NewTransfer(String peerId, String share, String path, Boolean folder, String destination) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(NewTransfer body) throws BadPathException {
    if (body == null || body.peerId() == null || body.share() == null) {
      throw new IllegalArgumentException("body must be {\"peerId\", \"share\", \"path\", \"folder\"}");
    }
    SharePath path = SharePath.parse(body.path() == null ? "" : body.path());
    boolean folder = Boolean.TRUE.equals(body.folder()) || path.isRoot();
    java.nio.file.Path dest = destination(body.destination());
    String id = transfers.download(PeerId.parse(body.peerId()), body.share(), path, folder, dest);
    if (body.destination() != null && !body.destination().isBlank()) {
      transfers.rememberDestination(dest);
    }
    return Response.status(201).entity(Map.of("id", id)).header("Location", "/api/v1/transfers/" + id).build();
  }

  /** Blank: the configured download folder; otherwise checked by {@link Destination}. */
  java.nio.file.Path destination(String requested) {
    return Destination.resolve(requested, config.transfers().downloadDir());
  }

  @GET
  public List<TransferView> list() {
    return transfers.list(null, false);
  }

  @GET
  @Path("{id}")
  public Response one(@PathParam("id") String id) {
    List<TransferView> one = transfers.list(id, true);
    return one.isEmpty() ? Response.status(404).entity(Map.of("error", "not_found", "message", "no such transfer")).build()
        : Response.ok(one.get(0)).build();
  }

  @POST
  @Path("{id}/pause")
  public Response pause(@PathParam("id") String id) {
    return answer(transfers.pause(id));
  }

  @POST
  @Path("{id}/resume")
  public Response resume(@PathParam("id") String id) {
    return answer(transfers.resume(id));
  }

  /** Retry is resume for a failed job: the unfinished files are tried again. */
  @POST
  @Path("{id}/retry")
  public Response retry(@PathParam("id") String id) {
    return answer(transfers.resume(id));
  }

  @POST
  @Path("{id}/cancel")
  public Response cancel(@PathParam("id") String id) {
    return answer(transfers.cancel(id));
  }

  /**
   * Pause, resume or cancel one file of a job: 204; 404 no such job or file; 409 when the file's
   * state does not allow it (e.g. it is complete), with the reason.
   */
  @POST
  @Path("{id}/files/{fileId}/{action: pause|resume|cancel}")
  public Response file(@PathParam("id") String id, @PathParam("fileId") String fileId,
      @PathParam("action") String action) {
    FileOutcome o = switch (action) {
      case "pause" -> files.pause(id, fileId);
      case "resume" -> files.resume(id, fileId);
      default -> files.cancel(id, fileId);
    };
    return o.done() ? Response.noContent().build()
        : Response.status(o.status()).entity(Map.of("error", o.status() == 404 ? "not_found" : "conflict",
            "message", o.message())).build();
  }

  /** Clears finished jobs from the history (files stay where they were placed). */
  @DELETE
  public Map<String, Integer> clear() {
    return Map.of("cleared", transfers.clearHistory());
  }

  /** Live events as Server-Sent Events, one JSON object each. */
  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  public Multi<TransferEvent> stream() {
    return Multi.createFrom().<TransferEvent>emitter(emitter -> {
      AutoCloseable subscription = events.subscribe(emitter::emit,
          () -> emitter.fail(new IllegalStateException("fell too far behind the transfer events")));
      emitter.onTermination(() -> {
        try {
          subscription.close();
        } catch (Exception ignored) {
          // closing a subscription only removes it from a set
        }
      });
    }, BackPressureStrategy.BUFFER).onOverflow().buffer(TransferEvents.BACKLOG);
  }

  private static Response answer(boolean found) {
    return found ? Response.noContent().build()
        : Response.status(404).entity(Map.of("error", "not_found", "message", "no such active transfer")).build();
  }
}
