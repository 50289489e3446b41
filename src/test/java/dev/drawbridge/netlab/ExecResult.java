package dev.drawbridge.netlab;

/** What a finished command left behind; exit code 124 (as timeout(1) uses) when it was killed. */
public record ExecResult(int exitCode, String stdout, String stderr) {
  public static final int TIMED_OUT = 124;

  public boolean ok() {
    return exitCode == 0;
  }

  /**
   * Returns this result, or throws with the whole output so a failed setup step explains itself.
   */
  public ExecResult orThrow(String what) {
    if (!ok()) {
      throw new IllegalStateException(
          what + " failed (exit " + exitCode + "): " + stderr.strip() + " " + stdout.strip());
    }
    return this;
  }
}
