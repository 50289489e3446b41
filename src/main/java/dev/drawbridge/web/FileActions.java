package dev.drawbridge.web;

import dev.drawbridge.transfer.job.FileControl;
import dev.drawbridge.transfer.job.FileOutcome;

/** The per-file actions' names as the API and the job page's forms spell them in their paths. */
final class FileActions {
  private FileActions() {}

  /** {@code action}: pause, resume or cancel (the paths only route these three here). */
  static FileOutcome apply(FileControl files, String id, String fileId, String action) {
    return switch (action) {
      case "pause" -> files.pause(id, fileId);
      case "resume" -> files.resume(id, fileId);
      default -> files.cancel(id, fileId);
    };
  }
}
