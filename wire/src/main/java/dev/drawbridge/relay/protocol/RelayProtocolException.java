package dev.drawbridge.relay.protocol;

/**
 * The other side broke the relay protocol (bad frame, bad payload). The only exception the frame
 * decoder and payload parsers throw, so callers can answer with one ERROR frame and close.
 */
public final class RelayProtocolException extends RuntimeException {

  private final int code;

  public RelayProtocolException(int code, String message) {
    super(message);
    this.code = code;
  }

  public RelayProtocolException(String message) {
    this(ErrorCode.BAD_FRAME, message);
  }

  /** The {@link ErrorCode} to send in the ERROR frame. */
  public int code() {
    return code;
  }
}
