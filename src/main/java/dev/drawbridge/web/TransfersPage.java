package dev.drawbridge.web;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.transfer.job.FileControl;
import dev.drawbridge.transfer.job.FileOutcome;
import dev.drawbridge.transfer.job.TransferView;
import dev.drawbridge.transfer.job.Transfers;
import dev.drawbridge.web.Masthead.Me;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Active and past downloads, one job's page with its files, and their form actions: start a
 * download ("Download to this computer"), and pause, resume, retry or cancel a job or one file.
 * Progress and state changes arrive over the live channel ({@link LiveSocket}).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class TransfersPage {
  @Inject Transfers transfers;
  @Inject FileControl files;
  @Inject DownloadRequests downloads;
  @Inject Masthead masthead;
  @Inject Htmx htmx;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance transfers(
        Me me, List<TransferView> transfers, String filter, String error);

    static native TemplateInstance transfers$list(
        List<TransferView> transfers, String filter, String error);

    static native TemplateInstance transfers$card(TransferView t);

    static native TemplateInstance detail(Me me, TransferView t, String error);

    static native TemplateInstance detail$body(TransferView t, String error);

    static native TemplateInstance detail$summary(TransferView t);
  }

  @GET
  @Path("transfers")
  public TemplateInstance page(@QueryParam("filter") String filter) {
    return Templates.transfers(masthead.me(), filtered(filter), TransferFilter.name(filter), null);
  }

  @GET
  @Path("transfers/{id}")
  public TemplateInstance detail(@PathParam("id") String id) {
    return Templates.detail(masthead.me(), job(id), null);
  }

  /**
   * Starts a background job into the chosen folder and shows the Transfers page. The clicked button
   * names what: {@code file} or {@code dir} (a path in the share); older forms send {@code path}
   * and {@code folder=true|false}. A bad folder fails before any job exists, shown inline by the
   * error mapper (the page, with what was typed, stays).
   */
  @POST
  @Path("ui/transfers")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object download(
      @FormParam("peerId") String peerId,
      @FormParam("share") String share,
      @FormParam("file") String file,
      @FormParam("dir") String dir,
      @FormParam("path") String path,
      @FormParam("folder") String folder,
      @FormParam("destination") String destination)
      throws BadPathException {
    boolean isDir = dir != null || file == null && "true".equals(folder);
    String what = dir != null ? dir : file != null ? file : path;
    downloads.start(peerId, share, what, isDir, destination);
    return htmx.redirect("/transfers");
  }

  /**
   * Job-level actions; {@code view=detail} when sent from a job's own page (it answers that page's
   * body).
   */
  @POST
  @Path("ui/transfers/{id}/{action: pause|resume|retry|cancel}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object transferAction(
      @PathParam("id") String id,
      @PathParam("action") String action,
      @FormParam("view") String view) {
    switch (action) {
      case "pause" -> transfers.pause(id);
      case "cancel" -> transfers.cancel(id);
      default -> transfers.resume(id);
    }
    return "detail".equals(view) ? detailAnswer(id, null) : listAnswer();
  }

  /**
   * One file of a job; answers the job page's body, with the reason when the file's state forbids
   * it.
   */
  @POST
  @Path("ui/transfers/{id}/files/{fileId}/{action: pause|resume|cancel}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object fileAction(
      @PathParam("id") String id,
      @PathParam("fileId") String fileId,
      @PathParam("action") String action) {
    FileOutcome o = FileActions.apply(files, id, fileId, action);
    return detailAnswer(id, o.done() ? null : o.message());
  }

  @POST
  @Path("ui/transfers/clear")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Object clear() {
    transfers.clearHistory();
    return listAnswer();
  }

  private Object listAnswer() {
    return htmx.fragmentOr(
        "/transfers", () -> Templates.transfers$list(filtered(null), "all", null));
  }

  private Object detailAnswer(String id, String error) {
    return htmx.fragmentOr("/transfers/" + id, () -> Templates.detail$body(job(id), error));
  }

  private TransferView job(String id) {
    List<TransferView> one = transfers.list(id, true);
    if (one.isEmpty()) {
      throw new NotFoundException("This transfer is gone from the history.");
    }
    return one.get(0);
  }

  private List<TransferView> filtered(String filter) {
    return TransferFilter.apply(transfers.list(null, false), filter);
  }
}
