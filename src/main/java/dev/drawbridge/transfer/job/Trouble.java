package dev.drawbridge.transfer.job;

import dev.drawbridge.mesh.PeerUnreachableException;
import java.nio.file.AccessDeniedException;

/** Which failures are worth waiting for (the peer is away) and which are the disk's, said plainly. */
final class Trouble {
  private Trouble() {}

  /** A full or unwritable disk is not going to fix itself by waiting: the reason, or null. */
  static String diskProblem(Throwable e, String destination) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.startsWith("not enough disk space")) {
        return m;
      }
      if (m.contains("No space left")) {
        return "not enough disk space in " + destination;
      }
      if (m.startsWith("could not write") || t instanceof AccessDeniedException
          || m.contains("Read-only file system")) {
        return "cannot write to " + destination + ": " + m;
      }
    }
    return null;
  }

  /** The peer went away (or never answered): worth waiting for; anything else is final. */
  static boolean isNetwork(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PeerUnreachableException) {
        return true;
      }
    }
    String m = String.valueOf(e.getMessage());
    return m.contains("could not be read") || m.contains("unreachable");
  }
}
