package dev.drawbridge.transfer.job;

/**
 * The answer to a per-file pause, resume or cancel: done (204), no such file (404), or why not
 * (409).
 */
public record FileOutcome(int status, String message) {
  static final FileOutcome OK = new FileOutcome(204, null);

  static FileOutcome notFound() {
    return new FileOutcome(404, "no such file in this transfer");
  }

  static FileOutcome conflict(String why) {
    return new FileOutcome(409, why);
  }

  public boolean done() {
    return status == 204;
  }
}
