package dev.drawbridge.relay.protocol;

/** Control frame types. Which side may send which is checked by the receiver, not the decoder. */
public final class FrameType {

  public static final int WELCOME = 0x01;
  public static final int PING = 0x02;
  public static final int PONG = 0x03;
  public static final int QUERY = 0x10;
  public static final int PRESENCE = 0x11;

  /** v2: who may see this peer (presence, punch offers, circuit tokens). */
  public static final int VISIBILITY = 0x12;

  public static final int INCOMING = 0x20;

  /** v2: asks for a single-use token to CONNECT to a peer. */
  public static final int CIRCUIT_REQUEST = 0x21;

  /** v2: the token for a CIRCUIT_REQUEST. */
  public static final int CIRCUIT_TOKEN = 0x22;

  public static final int PUNCH_REQUEST = 0x30;
  public static final int PUNCH_OFFER = 0x31;
  public static final int ERROR = 0x7F;

  private FrameType() {}

  public static boolean isKnown(int type) {
    return switch (type) {
      case WELCOME,
          PING,
          PONG,
          QUERY,
          PRESENCE,
          VISIBILITY,
          INCOMING,
          CIRCUIT_REQUEST,
          CIRCUIT_TOKEN,
          PUNCH_REQUEST,
          PUNCH_OFFER,
          ERROR ->
          true;
      default -> false;
    };
  }

  public static String name(int type) {
    return switch (type) {
      case WELCOME -> "WELCOME";
      case PING -> "PING";
      case PONG -> "PONG";
      case QUERY -> "QUERY";
      case PRESENCE -> "PRESENCE";
      case VISIBILITY -> "VISIBILITY";
      case INCOMING -> "INCOMING";
      case CIRCUIT_REQUEST -> "CIRCUIT_REQUEST";
      case CIRCUIT_TOKEN -> "CIRCUIT_TOKEN";
      case PUNCH_REQUEST -> "PUNCH_REQUEST";
      case PUNCH_OFFER -> "PUNCH_OFFER";
      case ERROR -> "ERROR";
      default -> String.format("0x%02X", type);
    };
  }
}
