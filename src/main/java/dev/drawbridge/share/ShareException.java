package dev.drawbridge.share;

/** A refused change to shares or grants, with a reason fit to show the owner. */
public final class ShareException extends RuntimeException {
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT
  }

  private final Kind kind;

  public ShareException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
