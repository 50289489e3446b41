package dev.drawbridge.transfer.job;

import java.util.Locale;

/** Which way a job moves files: from a contact's share to here, or from here into their share. */
public enum Direction {
  DOWNLOAD,
  UPLOAD;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code null} (rows from before uploads existed) is a download. */
  public static Direction of(String wire) {
    return wire == null ? DOWNLOAD : valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
