package dev.drawbridge.transfer;

/** A download stopped on purpose (the owner paused that file); its verified chunks are kept. */
public final class DownloadHaltedException extends RuntimeException {
  public DownloadHaltedException() {
    super("download paused", null, false, false);
  }
}
