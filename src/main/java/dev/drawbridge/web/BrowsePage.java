package dev.drawbridge.web;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.web.DownloadRequests.SaveInto;
import dev.drawbridge.web.Masthead.Me;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Browse a contact: the shares it grants me, then folders with breadcrumbs and sorting. Data comes
 * from the contact's peer API through my peer; file links go to {@link RemoteProxy} for download.
 */
@Path("/browse/{peer}")
@Produces(MediaType.TEXT_HTML)
public class BrowsePage {
  private static final long WAIT_SECONDS = 20;

  @Inject PeerNode node;
  @Inject Masthead masthead;
  @Inject DownloadRequests downloads;

  public record Crumb(String label, String href) {}

  public record Row(
      String name, boolean dir, long size, String modified, String href, String path) {
    public String sizeText() {
      return dir ? "" : Sizes.human(size);
    }
  }

  public record RemoteShare(String name, String access, String href) {}

  public record Listing(
      String peerId,
      String peerName,
      String share,
      String path,
      List<Crumb> crumbs,
      List<Row> rows,
      String sort,
      String next,
      String error,
      boolean writable) {
    /** The live channel's address for this share's uploads (see {@link UploadProgress}). */
    public String liveUploads() {
      return "/ui/live?uploads="
          + java.net.URLEncoder.encode(
              peerId + "/" + share, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance browse(
        Me me, Listing listing, List<RemoteShare> shares, SaveInto destination);
  }

  @GET
  public TemplateInstance shares(@PathParam("peer") String peerText) {
    PeerId peer = PeerId.parse(peerText);
    List<RemoteShare> shares = new ArrayList<>();
    String error = null;
    try {
      JsonArray arr = await(node.client().shares(peer));
      for (Object o : arr) {
        String name = ((JsonObject) o).getString("name");
        shares.add(
            new RemoteShare(
                name,
                ((JsonObject) o).getString("access"),
                "/browse/" + peer.value() + "/" + encodedName(name) + "/"));
      }
    } catch (RuntimeException e) {
      error = LocalApiErrors.readable(e);
    }
    Listing l =
        new Listing(
            peer.value(),
            DisplayName.of(peer),
            null,
            "",
            List.of(),
            List.of(),
            "name",
            null,
            error,
            false);
    return Templates.browse(masthead.me(), l, shares, downloads.saveInto());
  }

  @GET
  @Path("{share}/{path: .*}")
  public TemplateInstance folder(
      @PathParam("peer") String peerText,
      @Encoded @PathParam("share") String shareRaw,
      @Encoded @PathParam("path") String pathRaw,
      @QueryParam("sort") String sort,
      @QueryParam("cursor") String cursor)
      throws BadPathException {
    PeerId peer = PeerId.parse(peerText);
    String share = SharePath.parseEncoded(shareRaw).name();
    SharePath dir = SharePath.parseEncoded(pathRaw);
    String base = "/browse/" + peer.value() + "/" + encodedName(share) + "/";
    List<Crumb> crumbs = new ArrayList<>();
    crumbs.add(new Crumb(share, base));
    SharePath walk = SharePath.ROOT;
    for (String seg : dir.segments()) {
      walk = walk.child(seg);
      crumbs.add(new Crumb(seg, base + walk.encoded() + "/"));
    }
    List<Row> rows = new ArrayList<>();
    String next = null;
    String error = null;
    boolean writable = false;
    try {
      // The host's own answer says what I may do here; no upload controls unless READ_WRITE.
      Future<JsonArray> granted = node.client().shares(peer);
      JsonObject page = await(node.client().list(peer, share, dir, cursor));
      for (Object o : await(granted)) {
        if (share.equals(((JsonObject) o).getString("name"))) {
          writable = "READ_WRITE".equals(((JsonObject) o).getString("access"));
        }
      }
      String fileBase = "/api/v1/contacts/" + peer.value() + "/shares/" + encodedName(share) + "/";
      for (Object o : page.getJsonArray("entries")) {
        JsonObject e = (JsonObject) o;
        SharePath child;
        try {
          child = dir.child(e.getString("name"));
        } catch (BadPathException | RuntimeException bad) {
          continue; // a name we would refuse to request: don't show it
        }
        boolean isDir = "dir".equals(e.getString("type"));
        rows.add(
            new Row(
                e.getString("name"),
                isDir,
                e.getLong("size", 0L),
                e.getString("modified"),
                isDir ? base + child.encoded() + "/" : fileBase + child.encoded(),
                child.toString()));
      }
      next = page.getString("next");
    } catch (RuntimeException e) {
      error = LocalApiErrors.readable(e);
    }
    String order = sort == null ? "name" : sort;
    rows.sort(comparator(order));
    Listing l =
        new Listing(
            peer.value(),
            DisplayName.of(peer),
            share,
            dir.toString(),
            crumbs,
            rows,
            order,
            next,
            error,
            writable);
    return Templates.browse(masthead.me(), l, List.of(), downloads.saveInto());
  }

  private static String encodedName(String share) {
    try {
      return SharePath.ROOT.child(share).encoded();
    } catch (BadPathException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** Folders first, then by the chosen column (within the page the peer sent). */
  static Comparator<Row> comparator(String sort) {
    Comparator<Row> by =
        switch (sort) {
          case "size" -> Comparator.comparingLong(Row::size).reversed();
          case "modified" -> Comparator.comparing(Row::modified).reversed();
          default -> Comparator.comparing(Row::name);
        };
    return Comparator.comparing((Row r) -> !r.dir()).thenComparing(by);
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
    } catch (TimeoutException e) {
      throw new PeerUnreachableException(null, "no answer in " + WAIT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
