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
    if (f.uploadLocation == null) {
      return attempt(asked, 0);
    }
    return send(placedPath(asked))
        .recover(
            e -> {
              if (status(e) == 404 && !stop) {
                LOG.infof(
                    "%s: the host forgot its upload, starting the file again", f.relativePath);
                forget();
                return attempt(asked, 0);
              }
              return canceled ? stopped() : Future.failedFuture(e);
            });
  }

  /**
   * Sends under the {@code n}-th name: a small file in one request (nothing to resume), a larger
   * one through an upload opened first; a taken name (409 "exists") tries the next one.
   */
  private Future<String> attempt(SharePath asked, int n) {
    SharePath path;
    try {
      path = numbered(asked, n);
    } catch (BadPathException e) {
      return Future.failedFuture(e);
    }
    Future<String> sent =
        f.size <= UploadLink.WHOLE_MAX ? send(path) : open(path).compose(this::send);
    return sent.recover(
        e -> {
          if (status(e) == 409 && "exists".equals(code(e)) && n + 1 < MAX_NAMES && !stop) {
            String stale = f.uploadLocation;
            if (stale != null) { // taken while we sent: that upload can't be placed any more
              forget();
              link.cancel(peer, stale);
            }
            return attempt(asked, n + 1);
          }
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
                // resumed before the stop took effect: go on from the host's offset
                return stop ? stopped() : send(path);
              }
              f.uploadLocation = null;
              f.remoteName = path.name();
              f.finalPath = path.toString();
              tools.uploading(f); // the upload is closed: nothing to resume or cancel any more
              return Future.succeededFuture(path.toString());
            });
  }

  /** Opens a resumable upload at {@code path} and stores it before any byte goes. */
  private Future<SharePath> open(SharePath path) {
    return link.create(peer, share, path, f.size)
        .map(
            location -> {
              f.uploadLocation = location;
              f.remoteName = path.name();
              f.finalPath = path.toString();
              tools.uploading(f); // a restart resumes this upload
              return path;
            });
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

  /**
   * Job resume: a pause that has not stopped the send yet is taken back (one that has, ended at a
   * part boundary and was queued again, see UploadRuns).
   */
  @Override
  public void resume() {
    if (!canceled) {
      stop = false;
    }
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
