package dev.drawbridge.transfer;

/**
 * A download gave up. The {@link Reason} says what happened, for the job that owns the download to
 * decide whether to try again later (see {@code transfer.failure}); the message is technical detail
 * for the log ("chunk 17 failed verification 5 times").
 */
public final class TransferFailedException extends RuntimeException {
  /** What made the download give up. */
  public enum Reason {
    /** A chunk could not be read from the host, again and again: the peer is likely gone. */
    UNREADABLE,
    /** The bytes kept failing verification, even after the damaged chunks were fetched again. */
    CORRUPT,
    /** The partial file could not be written (whatever the file system said). */
    DISK,
    /** The file does not fit on the disk: found out before writing. */
    NO_SPACE,
    /** The host answered with something unusable (a malformed manifest, an answer out of order). */
    BAD_ANSWER
  }

  private final Reason reason;

  public TransferFailedException(String message) {
    this(Reason.BAD_ANSWER, message, null);
  }

  public TransferFailedException(String message, Throwable cause) {
    this(Reason.BAD_ANSWER, message, cause);
  }

  public TransferFailedException(Reason reason, String message) {
    this(reason, message, null);
  }

  public TransferFailedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
