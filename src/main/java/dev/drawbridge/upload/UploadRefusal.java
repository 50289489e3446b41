package dev.drawbridge.upload;

/**
 * Why the host will not take (more of) an upload. The peer API turns each {@link Reason} into one
 * status and error code in a single place; {@link #offset} is the host's offset where the sender
 * needs it (offset_mismatch).
 */
public final class UploadRefusal extends Exception {
  /** Every reason an upload can be refused. */
  public enum Reason {
    BAD_PATH,
    BAD_REQUEST,
    DIGEST_MISMATCH,
    EXISTS,
    OFFSET_MISMATCH,
    UPLOAD_BUSY,
    PRECONDITION_FAILED,
    TOO_LARGE,
    QUOTA_EXCEEDED,
    INSUFFICIENT_STORAGE,
    TOO_MANY_UPLOADS,
    NOT_FOUND
  }

  private final Reason reason;
  private final long offset;

  public UploadRefusal(Reason reason, String message) {
    this(reason, message, -1);
  }

  public UploadRefusal(Reason reason, String message, long offset) {
    super(message, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  /** The host's verified offset, or -1 when it does not matter for this refusal. */
  public long offset() {
    return offset;
  }
}
