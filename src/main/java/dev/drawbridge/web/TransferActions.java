package dev.drawbridge.web;

import dev.drawbridge.app.TransfersConfig;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.job.Destination;
import dev.drawbridge.transfer.job.FileControl;
import dev.drawbridge.transfer.job.FileOutcome;
import dev.drawbridge.transfer.job.TransferView;
import dev.drawbridge.transfer.job.Transfers;
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

/**
 * Form actions of the owner UI for downloads: start one ("Download to this computer"), and pause,
 * resume, retry or cancel a job or one of its files. With htmx they answer the refreshed fragment;
 * without JavaScript they redirect back (POST/redirect/GET).
 */
@Path("/ui/transfers")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class TransferActions {
  @Inject Transfers transfers;
  @Inject FileControl files;
  @Inject TransfersConfig transfersConfig;
  @Inject TransfersPage page;

  /**
   * Starts a background job into the chosen folder and shows the Transfers page. The clicked
   * button names what: {@code file} or {@code dir} (a path in the share); older forms send
   * {@code path} and {@code folder=true|false}. With htmx, a bad folder is an inline error and
   * the page (with what was typed) stays.
   */
  @POST
  public Object download(@FormParam("peerId") String peerId, @FormParam("share") String share,
      @FormParam("file") String file, @FormParam("dir") String dir, @FormParam("path") String path,
      @FormParam("folder") String folder, @FormParam("destination") String destination,
      @HeaderParam("HX-Request") String hx) {
    try {
      boolean isDir = dir != null || file == null && "true".equals(folder);
      String what = dir != null ? dir : file != null ? file : path == null ? "" : path;
      SharePath p = SharePath.parse(what);
      java.nio.file.Path into = Destination.resolve(destination, transfersConfig.downloadDir());
      transfers.download(PeerId.parse(peerId), share, p, isDir || p.isRoot(), into);
      if (destination != null && !destination.isBlank()) {
        transfers.rememberDestination(into);
      }
    } catch (IllegalArgumentException | BadPathException e) {
      String message = "<p class=\"error\" role=\"alert\">" + escape(e.getMessage()) + "</p>";
      return hx != null ? message
          : Response.status(400).type(MediaType.TEXT_HTML)
              .entity(message + "<p>Go back and choose another folder.</p>").build();
    }
    return hx != null ? Response.ok("").header("HX-Redirect", "/transfers").build()
        : Response.seeOther(URI.create("/transfers")).build();
  }

  /** Job-level actions; {@code view=detail} when sent from a job's own page (it answers that page's body). */
  @POST
  @Path("{id}/{action: pause|resume|retry|cancel}")
  public Object transferAction(@PathParam("id") String id, @PathParam("action") String action,
      @FormParam("view") String view, @HeaderParam("HX-Request") String hx) {
    switch (action) {
      case "pause" -> transfers.pause(id);
      case "cancel" -> transfers.cancel(id);
      default -> transfers.resume(id);
    }
    return "detail".equals(view) ? detailAnswer(hx, id, null) : listAnswer(hx);
  }

  /** One file of a job; answers the job page's body, with the reason when the file's state forbids it. */
  @POST
  @Path("{id}/files/{fileId}/{action: pause|resume|cancel}")
  public Object fileAction(@PathParam("id") String id, @PathParam("fileId") String fileId,
      @PathParam("action") String action, @HeaderParam("HX-Request") String hx) {
    FileOutcome o = switch (action) {
      case "pause" -> files.pause(id, fileId);
      case "resume" -> files.resume(id, fileId);
      default -> files.cancel(id, fileId);
    };
    return detailAnswer(hx, id, o.done() ? null : o.message());
  }

  @POST
  @Path("clear")
  public Object clearTransfers(@HeaderParam("HX-Request") String hx) {
    transfers.clearHistory();
    return listAnswer(hx);
  }

  private Object listAnswer(String hx) {
    List<TransferView> list = page.filtered(null);
    return hx != null ? TransfersPage.Templates.transfers$list(list, "all", null, TransfersPage.anyActive(list))
        : Response.seeOther(URI.create("/transfers")).build();
  }

  private Object detailAnswer(String hx, String id, String error) {
    if (hx == null) {
      return Response.seeOther(URI.create("/transfers/" + id)).build();
    }
    List<TransferView> one = transfers.list(id, true);
    if (one.isEmpty()) {
      return Response.ok("<p class=\"error\" role=\"alert\">This transfer is gone from the history.</p>").build();
    }
    return TransfersPage.Templates.detail$body(one.get(0), error);
  }

  static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
