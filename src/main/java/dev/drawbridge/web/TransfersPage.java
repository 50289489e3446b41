package dev.drawbridge.web;

import dev.drawbridge.transfer.job.TransferView;
import dev.drawbridge.transfer.job.Transfers;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Active and past downloads with live progress (the page listens on the transfers WebSocket). */
@Path("/transfers")
@Produces(MediaType.TEXT_HTML)
public class TransfersPage {
  @Inject Transfers transfers;
  @Inject Pages pages;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance transfers(Pages.Me me, List<TransferView> transfers, String filter, String error,
        boolean live);

    static native TemplateInstance transfers$list(List<TransferView> transfers, String filter, String error, boolean live);

    static native TemplateInstance detail(Pages.Me me, TransferView t, String error);

    static native TemplateInstance detail$body(TransferView t, String error);
  }

  @GET
  public TemplateInstance page(@QueryParam("filter") String filter) {
    List<TransferView> list = filtered(filter);
    return Templates.transfers(pages.me(), list, filter == null ? "all" : filter, null, anyActive(list));
  }

  /** The list alone, for a live refresh when a job ends (state, counts and buttons change). */
  @GET
  @Path("list")
  public TemplateInstance list(@QueryParam("filter") String filter) {
    List<TransferView> list = filtered(filter);
    return Templates.transfers$list(list, filter == null ? "all" : filter, null, anyActive(list));
  }

  @GET
  @Path("{id}")
  public TemplateInstance detail(@PathParam("id") String id) {
    List<TransferView> one = transfers.list(id, true);
    if (one.isEmpty()) {
      throw new jakarta.ws.rs.NotFoundException();
    }
    return Templates.detail(pages.me(), one.get(0), null);
  }

  /** The job page's body alone, for a live refresh when a file's state changes (its buttons change). */
  @GET
  @Path("{id}/body")
  public TemplateInstance body(@PathParam("id") String id) {
    List<TransferView> one = transfers.list(id, true);
    if (one.isEmpty()) {
      throw new jakarta.ws.rs.NotFoundException();
    }
    return Templates.detail$body(one.get(0), null);
  }

  /** While a job is active the list also refreshes itself every 2 s (states, counts, buttons). */
  static boolean anyActive(List<TransferView> list) {
    return list.stream().anyMatch(TransferView::active);
  }

  List<TransferView> filtered(String filter) {
    List<TransferView> all = transfers.list(null, false);
    if (filter == null || filter.equals("all")) {
      return all;
    }
    return all.stream().filter(t -> switch (filter) {
      case "active" -> t.active();
      case "failed" -> t.state().equals("failed");
      case "done" -> t.state().equals("completed");
      default -> true;
    }).toList();
  }
}
