package dev.drawbridge.share;

/**
 * Why a path was refused; callers map every reason to HTTP 400 (or 404 where they must not reveal
 * existence).
 *
 * <p>The reason is a short fixed phrase. It never echoes the peer's input (so it is safe to put in
 * an HTML or JSON response as is) and never contains a host absolute path.
 */
public final class BadPathException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadPathException(String reason) {
    // No stack trace: these are routine refusals of hostile input, not bugs, and are thrown often.
    super(reason, null, false, false);
  }
}
