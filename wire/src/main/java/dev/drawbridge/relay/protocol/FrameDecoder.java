package dev.drawbridge.relay.protocol;

import java.util.function.Consumer;

/**
 * Turns a byte stream, arriving in chunks of any size, into {@link Frame}s. Memory per connection
 * is bounded: the payload array is allocated only after its length has been checked against the
 * maximum, so a hostile length field cannot make us allocate more than {@code maxPayload}.
 *
 * <p>After the first protocol violation the decoder stays failed: the caller answers with one ERROR
 * frame and closes, rather than re-reporting every following byte.
 */
public final class FrameDecoder {

  private final int maxPayload;
  private final byte[] header = new byte[Frame.HEADER_LENGTH];
  private int headerFill;
  private byte[] payload;
  private int payloadFill;
  private RelayProtocolException failure;

  public FrameDecoder(int maxPayload) {
    if (maxPayload < 0 || maxPayload > 0xFFFF) {
      throw new IllegalArgumentException("maxPayload must be 0..65535");
    }
    this.maxPayload = maxPayload;
  }

  public FrameDecoder() {
    this(Frame.MAX_PAYLOAD);
  }

  /** Feeds bytes; every complete frame goes to {@code sink} in order. */
  public void feed(byte[] data, int offset, int length, Consumer<Frame> sink) {
    if (failure != null) {
      throw failure;
    }
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IndexOutOfBoundsException("bad slice of " + data.length + " bytes");
    }
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (headerFill < Frame.HEADER_LENGTH) {
        header[headerFill++] = data[i++];
        if (headerFill == Frame.HEADER_LENGTH) {
          startPayload();
          if (payload.length == 0) {
            emit(sink);
          }
        }
        continue;
      }
      int n = Math.min(end - i, payload.length - payloadFill);
      System.arraycopy(data, i, payload, payloadFill, n);
      payloadFill += n;
      i += n;
      if (payloadFill == payload.length) {
        emit(sink);
      }
    }
  }

  public void feed(byte[] data, Consumer<Frame> sink) {
    feed(data, 0, data.length, sink);
  }

  /** Bytes currently held for an unfinished payload (never more than the maximum). */
  public int bufferedCapacity() {
    return payload == null ? 0 : payload.length;
  }

  private void startPayload() {
    int type = header[0] & 0xFF;
    int length = (header[1] & 0xFF) << 8 | (header[2] & 0xFF);
    if (!FrameType.isKnown(type)) {
      fail("unknown frame type " + FrameType.name(type));
    }
    if (length > maxPayload) {
      fail("frame " + FrameType.name(type) + " of " + length + " bytes exceeds " + maxPayload);
    }
    payload = new byte[length];
    payloadFill = 0;
  }

  private void emit(Consumer<Frame> sink) {
    Frame frame = new Frame(header[0] & 0xFF, payload);
    headerFill = 0;
    payload = null;
    payloadFill = 0;
    sink.accept(frame);
  }

  private void fail(String message) {
    failure = new RelayProtocolException(ErrorCode.BAD_FRAME, message);
    throw failure;
  }
}
