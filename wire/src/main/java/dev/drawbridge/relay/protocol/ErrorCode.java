package dev.drawbridge.relay.protocol;

/** Codes carried by an ERROR frame (0x7F). */
public final class ErrorCode {

  public static final int BAD_FRAME = 1;
  public static final int OFFLINE = 2;
  public static final int LIMIT = 3;
  public static final int TIMEOUT = 4;
  public static final int INTERNAL = 5;

  private ErrorCode() {}

  public static String name(int code) {
    return switch (code) {
      case BAD_FRAME -> "bad frame";
      case OFFLINE -> "offline";
      case LIMIT -> "limit";
      case TIMEOUT -> "timeout";
      case INTERNAL -> "internal";
      default -> "code " + code;
    };
  }
}
