package dev.drawbridge.transfer.failure;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.mesh.PeerUnreachableException;
import dev.drawbridge.peerapi.PeerApiException;
import dev.drawbridge.transfer.DownloadHaltedException;
import dev.drawbridge.transfer.TransferFailedException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what the lower layers throw into exactly one {@link TransferFailure}, by exception type and
 * HTTP status, never by message text. The first rule that matches wins; rules look through causes
 * because futures and sources wrap what really happened.
 */
public final class Failures {
  private Failures() {}

  /** Where the failure happened, so the sentence can name the peer and the folder. */
  public record Where(String peerName, Path folder, DiskProbe disk) {
    public Where(String peerName, Path folder) {
      this(peerName, folder, DiskProbe.SYSTEM);
    }
  }

  public static TransferFailure classify(Throwable error, Where where) {
    Throwable top = unwrap(error);
    KnownFailureException known = find(top, KnownFailureException.class);
    if (known != null) {
      return known.failure();
    }
    if (top instanceof CancellationException) {
      return new TransferFailure.Stopped(true);
    }
    if (find(top, DownloadHaltedException.class) != null) {
      return new TransferFailure.Stopped(false);
    }
    if (find(top, FileChangedException.class) != null) {
      return new TransferFailure.Changed(where.peerName());
    }
    TransferFailure disk = disk(top, where);
    if (disk != null) {
      return disk;
    }
    if (top instanceof TransferFailedException t
        && t.reason() == TransferFailedException.Reason.UNREADABLE) {
      return new TransferFailure.PeerGone(
          where.peerName()); // read again and again without an answer
    }
    PeerApiException answered = find(top, PeerApiException.class);
    if (answered != null && answered.status() / 100 == 4) {
      return new TransferFailure.NotGranted(where.peerName(), answered.status());
    }
    if (peerGone(top)) {
      return new TransferFailure.PeerGone(where.peerName());
    }
    if (top instanceof TransferFailedException t) {
      return t.reason() == TransferFailedException.Reason.CORRUPT
          ? new TransferFailure.Corrupt(where.peerName())
          : new TransferFailure.BadAnswer(where.peerName());
    }
    if (answered != null) {
      return new TransferFailure.PeerGone(
          where.peerName()); // 5xx: the host is in trouble, try again later
    }
    return new TransferFailure.Unexpected();
  }

  /**
   * An upload's failure: the host's refusals by status and error code (docs/protocol.md), a local
   * file that can't be read, else as {@link #classify} (unreachable peers wait, and so on).
   */
  public static TransferFailure classifyUpload(Throwable error, Where where) {
    Throwable top = unwrap(error);
    KnownFailureException known = find(top, KnownFailureException.class);
    if (known != null) {
      return known.failure();
    }
    PeerApiException answered = find(top, PeerApiException.class);
    if (answered != null) {
      TransferFailure.Upload.Problem p =
          switch (answered.status()) {
            case 507 -> TransferFailure.Upload.Problem.SHARE_FULL;
            case 413 -> TransferFailure.Upload.Problem.TOO_LARGE;
            case 401, 403, 404, 410 -> TransferFailure.Upload.Problem.NOT_ALLOWED;
            case 429 -> TransferFailure.Upload.Problem.BUSY;
            case 400 ->
                "digest_mismatch".equals(answered.code())
                    ? TransferFailure.Upload.Problem.DAMAGED
                    : TransferFailure.Upload.Problem.BAD_NAME;
            default -> null;
          };
      if (p != null) {
        return new TransferFailure.Upload(where.peerName(), p);
      }
    }
    if (top instanceof FileSystemException || find(top, FileSystemException.class) != null) {
      return new TransferFailure.Upload(
          where.peerName(), TransferFailure.Upload.Problem.UNREADABLE);
    }
    return classify(error, where);
  }

  private static TransferFailure disk(Throwable top, Where where) {
    if (top instanceof TransferFailedException t
        && t.reason() == TransferFailedException.Reason.NO_SPACE) {
      return new TransferFailure.Disk(DiskProblem.NO_SPACE, where.folder());
    }
    boolean writing =
        top instanceof TransferFailedException t
                && t.reason() == TransferFailedException.Reason.DISK
            || top instanceof FileSystemException
            || top instanceof ReadOnlyFileSystemException;
    if (!writing) {
      return null;
    }
    if (find(top, AccessDeniedException.class) != null) {
      return new TransferFailure.Disk(DiskProblem.PERMISSION, where.folder());
    }
    if (find(top, ReadOnlyFileSystemException.class) != null) {
      return new TransferFailure.Disk(DiskProblem.READ_ONLY, where.folder());
    }
    if (find(top, NoSuchFileException.class) != null
        || find(top, NotDirectoryException.class) != null
        || find(top, FileAlreadyExistsException.class) != null) {
      return new TransferFailure.Disk(DiskProblem.PATH, where.folder());
    }
    // A plain IOException (ENOSPC, EROFS): the folder's disk tells which, not the message.
    return new TransferFailure.Disk(where.disk().problemAt(where.folder()), where.folder());
  }

  private static boolean peerGone(Throwable top) {
    return find(top, PeerUnreachableException.class) != null
        || find(top, TimeoutException.class) != null
        || find(top, SocketTimeoutException.class) != null
        || find(top, ConnectException.class) != null
        || find(top, SocketException.class) != null
        || find(top, HttpClosedException.class) != null
        || find(top, ClosedChannelException.class) != null
        || find(top, ReadTimeoutException.class) != null;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The first throwable of {@code type} in the cause chain, or null. */
  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** Technical detail for the log: the types and messages along the cause chain. */
  public static String technical(Throwable e) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 8; t = t.getCause(), depth++) {
      out.append(depth == 0 ? "" : " <- ")
          .append(t.getClass().getSimpleName())
          .append(": ")
          .append(t.getMessage());
    }
    return out.toString();
  }
}
