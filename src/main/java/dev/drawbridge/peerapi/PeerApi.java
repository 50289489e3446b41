package dev.drawbridge.peerapi;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.MeshServer;
import dev.drawbridge.peerapi.coding.ChunkCoding;
import dev.drawbridge.peerapi.manifest.FileVersion;
import dev.drawbridge.peerapi.manifest.ManifestCache;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.GrantedShare;
import dev.drawbridge.share.ListingCache;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.upload.ArrivalLog;
import dev.drawbridge.upload.PeerBudget;
import dev.drawbridge.upload.PeerLimits;
import dev.drawbridge.upload.UploadStore;
import dev.drawbridge.upload.UploadTarget;
import dev.drawbridge.upload.Uploads;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Peer API v1, served on the mesh listener to authenticated peers:
 *
 * <pre>
 *   GET  /peer/v1/hello                      → {"peerId","name","api":1}   (who you reached)
 *   GET  /peer/v1/shares                     → [{"name","access"}] granted to the caller
 *   GET  /peer/v1/shares/{share}/{path}/     → {"entries":[...],"next":cursor|null}  (?cursor=&limit=)
 *   GET|HEAD /peer/v1/shares/{share}/{path}  → file bytes, Range/If-Match/ETag/Last-Modified
 *   GET  /peer/v1/manifests/{share}/{path}   → 200 manifest, or 202 {"status":"computing"} (poll)
 *   GET|HEAD /peer/v1/chunks/{share}/{path}?offset=&length=  → exactly those bytes, maybe zstd
 *   POST /peer/v1/batch/{share}              → many small files in one stream ({@link BatchResponder})
 *   PUT|MKCOL /peer/v1/shares/{share}/{path}  → upload a file / make a folder ({@link UploadResponder})
 *   HEAD|PATCH|DELETE /peer/v1/uploads/{id}  → a resumable upload's offset, next part, cancel
 *   POST /peer/v1/batch-upload/{share}       → many small files in ({@link BatchUploadResponder})
 *   *    /peer/v1/offers...                  → push offers, served by the handler given to
 *                                              {@link #serveOffers} (package offer)
 * </pre>
 *
 * Order of checks matters for privacy: method, then the share grant (anything not granted is the
 * same 404), and only then the path inside the share. Writing needs READ_WRITE (READ gets 403: that
 * peer can see the share anyway), and no path segment may start with {@code .drawbridge-}.
 */
public final class PeerApi implements MeshServer.PeerHandler {
  private static final Logger LOG = Logger.getLogger(PeerApi.class);
  private static final String SHARES = "/peer/v1/shares";
  private static final String MANIFESTS = "/peer/v1/manifests";
  private static final String CHUNKS = "/peer/v1/chunks";
  private static final String BATCH = "/peer/v1/batch/";
  private static final String OFFERS = "/peer/v1/offers";

  /** Which resource under a share a request is for. */
  private enum Kind {
    FILE_OR_FOLDER,
    WRITE,
    MANIFEST,
    CHUNK
  }

  private final Identity identity;
  private final ShareAccess shares;
  private final FileResponder files;
  private final ListingResponder listings;
  private final ListingCache listingCache = new ListingCache();
  private final ManifestResponder manifests;
  private final ChunkResponder chunks;
  private final BatchResponder batches;
  private final InFlight inFlight;
  // Offers are served by package offer, which uses this package: a handler keeps the dependency
  // one way. Until one is given, the fixed 404.
  private volatile MeshServer.PeerHandler offers =
      (caller, req) -> ApiError.NOT_FOUND.send(req.response(), null);
  private final UploadResponder uploads;
  private final BatchUploadResponder batchUploads;
  private final Uploads uploadRegistry;

  /** Without persistence: manifests live in memory only (the CDI-free core, tests). */
  public PeerApi(Vertx vertx, Identity identity, ShareAccess shares) {
    this(vertx, identity, shares, new ManifestCache(vertx, ManifestStore.NONE));
  }

  public PeerApi(Vertx vertx, Identity identity, ShareAccess shares, ManifestCache manifestCache) {
    this(vertx, identity, shares, manifestCache, ChunkCoding.off());
  }

  public PeerApi(
      Vertx vertx,
      Identity identity,
      ShareAccess shares,
      ManifestCache manifestCache,
      ChunkCoding coding) {
    this(
        vertx,
        identity,
        shares,
        manifestCache,
        coding,
        new Uploads(UploadStore.inMemory(), ArrivalLog.inMemory(), etags(), Clock.systemUTC()),
        new PeerBudget(() -> PeerLimits.DEFAULT));
  }

  /** With the host side of uploads: {@code uploads} restored already, {@code budget} per peer. */
  public PeerApi(
      Vertx vertx,
      Identity identity,
      ShareAccess shares,
      ManifestCache manifestCache,
      ChunkCoding coding,
      Uploads uploads,
      PeerBudget budget) {
    this.identity = identity;
    this.shares = shares;
    this.files = new FileResponder(vertx, manifestCache);
    this.listings = new ListingResponder(vertx, listingCache);
    this.manifests = new ManifestResponder(vertx, manifestCache);
    this.chunks = new ChunkResponder(vertx, coding);
    this.batches = new BatchResponder(vertx);
    this.inFlight = new InFlight(vertx, shares);
    this.uploadRegistry = uploads;
    this.uploads = new UploadResponder(vertx, shares, uploads, budget);
    this.batchUploads = new BatchUploadResponder(vertx, uploads, budget);
  }

  /** A file's ETag exactly as GET sends it (uploads answer and check the same validator). */
  public static Function<Path, String> etags() {
    return p -> {
      try {
        return FileVersion.read(p).etag();
      } catch (IOException e) {
        return null;
      }
    };
  }

  /** The host's unfinished uploads. */
  public Uploads uploads() {
    return uploadRegistry;
  }

  /**
   * Answers an upload create (or a small whole-file PUT) into {@code target}, which the caller
   * already checked {@code caller} may write (a push offer's accepted folder); then PATCH/HEAD/
   * DELETE {@code /peer/v1/uploads/{id}} as for shares.
   */
  public void putInto(PeerId caller, HttpServerRequest req, UploadTarget target, String location) {
    uploads.put(caller, req, target, location, null);
  }

  /** Serves {@code /peer/v1/offers} and everything below it with {@code handler}. */
  public void serveOffers(MeshServer.PeerHandler handler) {
    this.offers = handler;
  }

  /** Sorted listings of large folders, per folder version (stats for tests). */
  public ListingCache listingCache() {
    return listingCache;
  }

  @Override
  public void handle(PeerId caller, HttpServerRequest req) {
    try {
      route(caller, req);
    } catch (RuntimeException e) {
      LOG.errorf(e, "peer API failure for %s %s", caller.shortForm(), req.method());
      ApiError.INTERNAL.send(req.response(), null);
    }
  }

  private void route(PeerId caller, HttpServerRequest req) {
    String path = req.path();
    HttpMethod m = req.method();
    if (path.equals(OFFERS) || path.startsWith(OFFERS + "/")) {
      offers.handle(caller, req);
    } else if (path.startsWith(UploadResponder.UPLOADS)) {
      uploads.resource(
          caller,
          req,
          path.substring(UploadResponder.UPLOADS.length()),
          (c, share, r) -> inFlight.open(c, share, r.response(), true));
    } else if (path.startsWith(BatchUploadResponder.PATH)) {
      if (m == HttpMethod.POST) {
        batchUpload(caller, req, path.substring(BatchUploadResponder.PATH.length()));
      } else {
        req.response().putHeader("Allow", "POST");
        ApiError.METHOD_NOT_ALLOWED.send(req.response(), null);
      }
    } else if (m == HttpMethod.PUT || m == HttpMethod.MKCOL) {
      if (path.startsWith(SHARES + "/")) {
        inShare(caller, req, path.substring(SHARES.length() + 1), Kind.WRITE);
      } else {
        ApiError.METHOD_NOT_ALLOWED.send(req.response(), null);
      }
    } else if (path.startsWith(BATCH)) {
      if (req.method() == HttpMethod.POST) {
        batch(caller, req, path.substring(BATCH.length()));
      } else {
        req.response().putHeader("Allow", "POST");
        ApiError.METHOD_NOT_ALLOWED.send(req.response(), null);
      }
    } else if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      ApiError.METHOD_NOT_ALLOWED.send(req.response(), null);
    } else if (path.equals("/peer/v1/hello")) {
      json(
          req,
          new JsonObject()
              .put("peerId", identity.peerId().value())
              .put("name", DisplayName.of(identity.peerId()))
              .put("api", 1)
              .encode());
    } else if (path.equals(SHARES) || path.equals(SHARES + "/")) {
      JsonArray out = new JsonArray();
      shares
          .sharesFor(caller)
          .forEach(s -> out.add(new JsonObject().put("name", s.name()).put("access", s.access())));
      json(req, out.encode());
    } else if (path.startsWith(SHARES + "/")) {
      inShare(caller, req, path.substring(SHARES.length() + 1), Kind.FILE_OR_FOLDER);
    } else if (path.startsWith(MANIFESTS + "/")) {
      inShare(caller, req, path.substring(MANIFESTS.length() + 1), Kind.MANIFEST);
    } else if (path.startsWith(CHUNKS + "/")) {
      inShare(caller, req, path.substring(CHUNKS.length() + 1), Kind.CHUNK);
    } else {
      ApiError.NOT_FOUND.send(req.response(), null);
    }
  }

  /** Same checks, same order, for files, folders, manifests and chunks: grant, then path rules. */
  private void inShare(PeerId caller, HttpServerRequest req, String tail, Kind kind) {
    int slash = tail.indexOf('/');
    String shareSegment = slash < 0 ? tail : tail.substring(0, slash);
    Optional<GrantedShare> share = shareName(shareSegment).flatMap(n -> shares.share(caller, n));
    if (share.isEmpty()) {
      ApiError.NOT_FOUND.send(req.response(), null);
      return;
    }
    if (kind == Kind.WRITE && !share.get().access().allowsWrite()) {
      ApiError.READ_ONLY.send(req.response(), null);
      return;
    }
    String rest = slash < 0 ? "" : tail.substring(slash + 1);
    boolean wantsDirectory = rest.isEmpty() || rest.endsWith("/");
    SharePath target;
    try {
      target = SharePath.parseEncoded(rest);
    } catch (BadPathException e) {
      ApiError.BAD_PATH.send(req.response(), e.getMessage());
      return;
    }
    if (kind == Kind.WRITE) {
      write(caller, req, share.get(), target, wantsDirectory);
      return;
    }
    if (target.isPrivate()) {
      ApiError.NOT_FOUND.send(req.response(), null); // our partial files are not the share's
      return;
    }
    // From here until its last byte the answer is in flight: a revoke ends it (InFlight).
    InFlight.Flight flight = inFlight.open(caller, share.get(), req.response());
    if (kind == Kind.MANIFEST) {
      manifests.respond(req, share.get(), target, wantsDirectory, flight);
    } else if (kind == Kind.CHUNK) {
      chunks.respond(caller, req, share.get(), target, wantsDirectory, flight);
    } else if (wantsDirectory) {
      listings.respond(req, share.get(), target, flight);
    } else {
      files.respond(req, share.get(), target, flight);
    }
  }

  /** PUT or MKCOL after the grant and path checks: hidden names and the wrong form are refused. */
  private void write(
      PeerId caller, HttpServerRequest req, GrantedShare share, SharePath target, boolean folder) {
    boolean mkcol = req.method() == HttpMethod.MKCOL;
    if (target.isPrivate()) {
      ApiError.BAD_PATH.send(req.response(), "names starting with .drawbridge- are reserved");
    } else if (!mkcol && folder) {
      ApiError.BAD_PATH.send(req.response(), "a file name must not end with '/'");
    } else if (mkcol) {
      uploads.mkcol(req, share, target);
    } else {
      uploads.put(caller, req, share, target, inFlight.open(caller, share, req.response(), true));
    }
  }

  /** The grant first (the fixed 404), then READ_WRITE (403), as for a PUT. */
  private void batchUpload(PeerId caller, HttpServerRequest req, String shareSegment) {
    Optional<GrantedShare> share = shareName(shareSegment).flatMap(n -> shares.share(caller, n));
    if (share.isEmpty()) {
      ApiError.NOT_FOUND.send(req.response(), null);
    } else if (!share.get().access().allowsWrite()) {
      ApiError.READ_ONLY.send(req.response(), null);
    } else {
      batchUploads.respond(
          caller, req, share.get(), inFlight.open(caller, share.get(), req.response(), true));
    }
  }

  /** The grant first, as everywhere: an ungranted share is the same 404 as a missing one. */
  private void batch(PeerId caller, HttpServerRequest req, String shareSegment) {
    Optional<GrantedShare> share = shareName(shareSegment).flatMap(n -> shares.share(caller, n));
    if (share.isEmpty()) {
      ApiError.NOT_FOUND.send(req.response(), null);
    } else {
      batches.respond(req, share.get(), inFlight.open(caller, share.get(), req.response()));
    }
  }

  private static Optional<String> shareName(String segment) {
    try {
      SharePath p = SharePath.parseEncoded(segment);
      return p.segments().size() == 1 ? Optional.of(p.name()) : Optional.empty();
    } catch (BadPathException e) {
      return Optional.empty();
    }
  }

  static void json(HttpServerRequest req, String body) {
    req.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }
}
