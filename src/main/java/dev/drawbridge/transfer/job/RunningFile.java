package dev.drawbridge.transfer.job;

import dev.drawbridge.transfer.FileDownload;

/**
 * One file a {@link Job} is moving right now, as the job steers it: a download ({@link
 * FileDownload}) or an upload ({@link FileUploadRun}). Called on the job's context.
 */
interface RunningFile {
  /** Job pause: a download stops in place; an upload stops at its next part boundary. */
  void pause();

  /** Job resume: a download paused in place goes on (an upload was requeued instead). */
  void resume();

  /** This file paused: it stops and keeps what is verified (the job's slot frees). */
  void halt();

  /** Stops and removes what was half-moved (the local partial, or the host's upload). */
  void cancel();

  static RunningFile of(FileDownload d) {
    return new RunningFile() {
      @Override
      public void pause() {
        d.pause();
      }

      @Override
      public void resume() {
        d.resume();
      }

      @Override
      public void halt() {
        d.halt();
      }

      @Override
      public void cancel() {
        d.cancel();
      }
    };
  }
}
