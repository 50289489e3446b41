package dev.drawbridge.relay.client;

import dev.drawbridge.relay.protocol.ErrorCode;

/** The relay answered a request with an ERROR frame, e.g. because the target peer is offline. */
public final class RelayRefusedException extends RuntimeException {

  private final int code;

  public RelayRefusedException(int code, String message) {
    super("relay refused (" + ErrorCode.name(code) + "): " + message);
    this.code = code;
  }

  /** An {@link ErrorCode} value. */
  public int code() {
    return code;
  }

  public boolean isOffline() {
    return code == ErrorCode.OFFLINE;
  }
}
