package dev.drawbridge.web;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.transfer.job.FileControl;
import dev.drawbridge.transfer.job.FileOutcome;
import dev.drawbridge.transfer.job.TransferEvent;
import dev.drawbridge.transfer.job.TransferView;
import dev.drawbridge.transfer.job.Transfers;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
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
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Local API for download and upload jobs, and the JSON event stream (Server-Sent Events). */
@Path("/api/v1/transfers")
@Produces(MediaType.APPLICATION_JSON)
public class TransfersApi {
  @Inject Transfers transfers;
  @Inject TransferFeed feed;
  @Inject DownloadRequests downloads;
  @Inject UploadRequests uploads;
  @Inject FileControl files;

  /**
   * A download: {@code peerId}, {@code share}, {@code path}, {@code folder} (true for a whole
   * folder), optional {@code destination}. An upload: {@code "direction":"upload"}, {@code peer}
   * (or {@code peerId}), {@code share}, {@code folder} (the folder in the share, "" = its root) and
   * {@code source} (an absolute local file or folder). {@code folder} is a boolean for one and a
   * path for the other, hence {@code Object}.
   */
  public record NewTransfer(
      String direction,
      String peerId,
      String peer,
      String share,
      String path,
      Object folder,
      String destination,
      String source) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(NewTransfer body) throws BadPathException {
    if (body == null) {
      throw new IllegalArgumentException(
          "body must be {\"peerId\", \"share\", \"path\", \"folder\"}");
    }
    String id;
    if ("upload".equals(body.direction())) {
      if (body.folder() != null && !(body.folder() instanceof String)) {
        throw new IllegalArgumentException(
            "for an upload, \"folder\" is the folder in the share (a path), not true/false");
      }
      id =
          uploads.start(
              body.peer() != null ? body.peer() : body.peerId(),
              body.share(),
              (String) body.folder(),
              body.source());
    } else if (body.direction() == null || "download".equals(body.direction())) {
      if (body.peerId() == null || body.share() == null) {
        throw new IllegalArgumentException(
            "body must be {\"peerId\", \"share\", \"path\", \"folder\"}");
      }
      id =
          downloads.start(
              body.peerId(),
              body.share(),
              body.path(),
              Boolean.TRUE.equals(body.folder()) || "true".equals(body.folder()),
              body.destination());
    } else {
      throw new IllegalArgumentException("\"direction\" is \"download\" or \"upload\"");
    }
    return Response.status(201)
        .entity(Map.of("id", id))
        .header("Location", "/api/v1/transfers/" + id)
        .build();
  }

  @GET
  public List<TransferView> list() {
    return transfers.list(null, false);
  }

  @GET
  @Path("{id}")
  public TransferView one(@PathParam("id") String id) {
    List<TransferView> one = transfers.list(id, true);
    if (one.isEmpty()) {
      throw new NotFoundException("no such transfer");
    }
    return one.get(0);
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
  public Response file(
      @PathParam("id") String id,
      @PathParam("fileId") String fileId,
      @PathParam("action") String action) {
    FileOutcome o = FileActions.apply(files, id, fileId, action);
    if (!o.done()) {
      throw new ClientErrorException(o.message(), o.status());
    }
    return Response.noContent().build();
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
    return feed.stream();
  }

  private static Response answer(boolean found) {
    if (!found) {
      throw new NotFoundException("no such active transfer");
    }
    return Response.noContent().build();
  }
}
