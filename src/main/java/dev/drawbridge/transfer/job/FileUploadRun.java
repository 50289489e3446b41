package dev.drawbridge.transfer.job;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.transfer.LocalName;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Sends one file of an upload job through a resumable upload on the host:
 *
 * <ol>
 *   <li>no open upload yet: create one at the file's path; 409 "exists" means the name is taken, so
 *       the next name by the one numbering rule ({@link LocalName#numbered}) is tried;
 *   <li>the upload's location and the name used are stored before any byte goes, so a restart of
 *       this peer resumes from the host's offset (HEAD); a location the host no longer knows (404)
 *       starts the file again;
 *   <li>parts go until the host placed the file; a pause stops at a part boundary (the upload stays
 *       open on the host), a cancel stops and deletes the host's upload with its partial file.
 * </ol>
 *
 * Runs on the job's context.
 */
final class FileUploadRun implements RunningFile {
  private static final Logger LOG = Logger.getLogger(FileUploadRun.class);
  static final int MAX_NAMES = 1000;

  private final JobTools tools;
  private final UploadLink link;
  private final PeerId peer;
  private final String share;
  private final JobFile f;
  private final LongConsumer progress;
  private volatile boolean stop;
  private volatile boolean canceled;

  FileUploadRun(JobTools tools, PeerId peer, String share, JobFile f, LongConsumer progress) {
    this.tools = tools;
    this.link = tools.uploadLink();
    this.peer = peer;
    this.share = share;
    this.f = f;
    this.progress = progress;
  }

  /** The file's path in the share as placed; fails with CancellationException when stopped. */
  Future<String> start() {
    SharePath asked;
    try {
      asked = SharePath.parse(f.remotePath);
    } catch (BadPathException e) {
      return Future.failedFuture(e);
    }
    boolean resuming = f.uploadLocation != null;
    Future<SharePath> open =
        resuming ? Future.succeededFuture(placedPath(asked)) : create(asked, 0);
    return open.compose(path -> send(path))
        .recover(
            e -> {
              if (resuming && status(e) == 404 && !stop) {
                LOG.infof(
                    "%s: the host forgot its upload, starting the file again", f.relativePath);
                forget();
                return create(asked, 0).compose(this::send);
              }
              // canceled while a part failed: the host's upload still goes
              return canceled ? stopped() : Future.failedFuture(e);
            });
  }

  private Future<String> send(SharePath path) {
    if (stop) {
      return stopped();
    }
    return link.send(
            peer, path, share, Path.of(f.localPath), f.uploadLocation, progress, () -> stop)
        .compose(
            placed -> {
              if (!placed) {
                return stopped();
              }
              f.uploadLocation = null;
              f.finalPath = path.toString();
              tools.uploading(f); // the upload is closed: nothing to resume or cancel any more
              return Future.succeededFuture(path.toString());
            });
  }

  /** Opens an upload at the first free name, n = 0, 1, 2 ... */
  private Future<SharePath> create(SharePath asked, int n) {
    SharePath path;
    try {
      path = numbered(asked, n);
    } catch (BadPathException e) {
      return Future.failedFuture(e);
    }
    return link.create(peer, share, path, f.size)
        .map(
            location -> {
              f.uploadLocation = location;
              f.remoteName = path.name();
              f.finalPath = path.toString();
              tools.uploading(f); // before any byte: a restart resumes this upload
              return path;
            })
        .recover(
            e ->
                status(e) == 409 && "exists".equals(code(e)) && n + 1 < MAX_NAMES && !stop
                    ? create(asked, n + 1)
                    : Future.failedFuture(e));
  }

  private static SharePath numbered(SharePath asked, int n) throws BadPathException {
    String name = LocalName.numbered(asked.name(), n);
    return n == 0 ? asked : asked.parent().child(name);
  }

  private SharePath placedPath(SharePath asked) {
    try {
      return f.remoteName == null ? asked : asked.parent().child(f.remoteName);
    } catch (BadPathException e) {
      return asked;
    }
  }

  private Future<String> stopped() {
    if (canceled) {
      String location = f.uploadLocation;
      forget();
      if (location != null) {
        return link.cancel(peer, location)
            .transform(ar -> Future.failedFuture(new CancellationException("canceled")));
      }
    }
    return Future.failedFuture(new CancellationException(canceled ? "canceled" : "stopped"));
  }

  private void forget() {
    f.uploadLocation = null;
    f.remoteName = null;
    f.finalPath = null;
    tools.uploading(f);
  }

  static int status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PeerApiException p) {
        return p.status();
      }
    }
    return 0;
  }

  private static String code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PeerApiException p) {
        return p.code();
      }
    }
    return null;
  }

  @Override
  public void pause() {
    stop = true;
  }

  @Override
  public void resume() {
    // Nothing: a paused upload ended at a part boundary and was queued again (see UploadRuns).
  }

  @Override
  public void halt() {
    stop = true;
  }

  @Override
  public void cancel() {
    canceled = true;
    stop = true;
  }
}
