package dev.drawbridge.transfer;

import dev.drawbridge.content.FileChangedException;
import dev.drawbridge.content.Manifest;
import java.io.IOException;
import java.nio.file.Path;

/** Turns what went wrong into what a download reports: the exception types its caller acts on. */
final class Failures {
  private Failures() {}

  /** The FileChangedException behind {@code error}, if any: sources may wrap it. */
  static FileChangedException changed(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof FileChangedException changed) {
        return changed;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** A failure from a blocking task: the partial file or the ledger, rarely anything else. */
  static RuntimeException onDisk(Throwable error, Path partial) {
    if (error instanceof TransferFailedException || error instanceof FileChangedException) {
      return (RuntimeException) error;
    }
    if (error instanceof IOException) {
      return new TransferFailedException(
          TransferFailedException.Reason.DISK,
          "could not write " + partial + ": " + describe(error),
          error);
    }
    return new TransferFailedException("download failed: " + describe(error), error);
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }

  /** Why a manifest cannot be downloaded against, or null when it can. */
  static String problemWith(Manifest manifest, int maxChunkSize) {
    if (manifest == null || manifest.etag() == null || manifest.etag().isEmpty()) {
      return "the host sent a manifest without a version (etag)";
    }
    if (manifest.chunkSize() > maxChunkSize) {
      return "the host's chunk size "
          + manifest.chunkSize()
          + " exceeds the limit of "
          + maxChunkSize;
    }
    if (Sha256.fromFileDigest(manifest.digest()) == null) {
      return "the host's manifest has a malformed file digest";
    }
    return null;
  }
}
