package dev.drawbridge.relay.protocol;

import java.util.Arrays;

/**
 * One control frame: {@code type u8 | length u16 big-endian | payload[length]}. The payload array
 * is owned by the frame (not copied on access): frames are short-lived and never shared.
 */
public record Frame(int type, byte[] payload) {

  /** Header bytes before the payload. */
  public static final int HEADER_LENGTH = 3;

  /** Largest payload either side accepts; nothing in the protocol needs more. */
  public static final int MAX_PAYLOAD = 4096;

  public Frame {
    if (type < 0 || type > 0xFF) {
      throw new IllegalArgumentException("frame type must fit a byte: " + type);
    }
    if (payload == null || payload.length > 0xFFFF) {
      throw new IllegalArgumentException("payload must be 0..65535 bytes");
    }
  }

  public byte[] encode() {
    byte[] out = new byte[HEADER_LENGTH + payload.length];
    out[0] = (byte) type;
    out[1] = (byte) (payload.length >>> 8);
    out[2] = (byte) payload.length;
    System.arraycopy(payload, 0, out, HEADER_LENGTH, payload.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame other && type == other.type && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return FrameType.name(type) + "(" + payload.length + " bytes)";
  }
}
