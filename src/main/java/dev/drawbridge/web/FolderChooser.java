package dev.drawbridge.web;

import dev.drawbridge.app.TransfersConfig;
import dev.drawbridge.transfer.job.Destination;
import dev.drawbridge.transfer.job.Transfers;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Save into": a small chooser of the OWNER's own local folders for "Download to this computer", as
 * htmx fragments. It lives on the owner UI only (loopback, {@link OwnerGuard}); the mesh never
 * routes here. It lists folder names below a path the owner typed or clicked, nothing else.
 */
@Path("/ui/folders")
@Produces(MediaType.TEXT_HTML)
public class FolderChooser {
  /** A folder of thousands of sub-folders shows the first ones; typing the path still works. */
  static final int MAX_SHOWN = 300;

  @Inject TransfersConfig transfersConfig;
  @Inject Transfers transfers;

  public record Folder(String name, String open) {}

  public record View(
      String here,
      String up,
      String use,
      List<Folder> folders,
      int more,
      List<Folder> recent,
      String error) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance folders(View view);

    static native TemplateInstance chosen(String destination, List<String> recent);
  }

  /**
   * The sub-folders of {@code path} (or of the field's current value, or of the default folder).
   */
  @GET
  public TemplateInstance list(
      @QueryParam("path") String path,
      @QueryParam("destination") String field,
      @HeaderParam("Sec-Fetch-Site") String site) {
    sameSite(site);
    String asked = path != null && !path.isBlank() ? path : field;
    java.nio.file.Path here;
    String error = null;
    try {
      here = nearestFolder(Destination.resolveLexically(asked, transfersConfig.downloadDir()));
    } catch (IllegalArgumentException e) {
      error = e.getMessage();
      here = nearestFolder(transfersConfig.downloadDir().toAbsolutePath().normalize());
    }
    List<Folder> folders = new ArrayList<>();
    int more = 0;
    try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(here)) {
      List<java.nio.file.Path> dirs = new ArrayList<>();
      for (java.nio.file.Path p : entries) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && Files.isDirectory(p)) {
          dirs.add(p);
        }
      }
      dirs.sort(Comparator.comparing(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)));
      more = Math.max(0, dirs.size() - MAX_SHOWN);
      for (java.nio.file.Path p : dirs.subList(0, Math.min(dirs.size(), MAX_SHOWN))) {
        folders.add(new Folder(p.getFileName().toString(), open(p.toString())));
      }
    } catch (IOException | SecurityException e) {
      error = "cannot read " + here;
    }
    List<Folder> recent =
        transfers.recentDestinations().stream().map(r -> new Folder(r, use(r))).toList();
    String up = here.getParent() == null ? null : open(here.getParent().toString());
    return Templates.folders(
        new View(here.toString(), up, use(here.toString()), folders, more, recent, error));
  }

  /** "Use this folder": checked like a download's destination, then put into the form's field. */
  @GET
  @Path("use")
  public TemplateInstance use(
      @QueryParam("path") String path, @HeaderParam("Sec-Fetch-Site") String site) {
    sameSite(site);
    try {
      java.nio.file.Path chosen = Destination.resolve(path, transfersConfig.downloadDir());
      return Templates.chosen(chosen.toString(), transfers.recentDestinations());
    } catch (IllegalArgumentException e) {
      return Templates.folders(
          new View(path == null ? "" : path, null, null, List.of(), 0, List.of(), e.getMessage()));
    }
  }

  /** Closes the chooser (the field keeps what it has). */
  @GET
  @Path("close")
  public String close() {
    return "";
  }

  /** The closest folder that exists at or above {@code p} (the chooser opens there). */
  private static java.nio.file.Path nearestFolder(java.nio.file.Path p) {
    java.nio.file.Path at = p;
    while (at != null && !Files.isDirectory(at)) {
      at = at.getParent();
    }
    return at == null ? p.getRoot() : at;
  }

  /**
   * OwnerGuard lets any GET through once the Host is ours; a listing of the owner's disk is only
   * for the owner's own pages, so a browser's cross-site request is refused here too.
   */
  private static void sameSite(String site) {
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw new ForbiddenException("cross-site request refused");
    }
  }

  private static String open(String path) {
    return "/ui/folders?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }

  private static String use(String path) {
    return "/ui/folders/use?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }
}
