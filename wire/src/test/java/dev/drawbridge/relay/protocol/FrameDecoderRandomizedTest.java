package dev.drawbridge.relay.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.PeerId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The decoder faces bytes from anyone who completes a TLS handshake: whatever arrives, in whatever
 * chunks, it may only produce frames or its own protocol exception, and may never hold more than
 * one maximum-size payload.
 */
class FrameDecoderRandomizedTest {

  private static final int[] TYPES = {
    FrameType.WELCOME,
    FrameType.PING,
    FrameType.PONG,
    FrameType.QUERY,
    FrameType.PRESENCE,
    FrameType.INCOMING,
    FrameType.PUNCH_REQUEST,
    FrameType.PUNCH_OFFER,
    FrameType.ERROR
  };
  private static final long SEED = Long.getLong("relay.fuzz.seed", 0x5EEDL);

  @Test
  void randomAndMutatedInputOnlyEverYieldsFramesOrProtocolException() {
    Random random = new Random(SEED);
    int protocolErrors = 0;
    int frames = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] input =
          switch (i % 3) {
            case 0 -> randomBytes(random, random.nextInt(80));
            case 1 -> biasedHeaders(random);
            default -> mutate(encode(randomFrames(random, 1 + random.nextInt(4))), random);
          };
      FrameDecoder decoder = new FrameDecoder();
      List<Frame> out = new ArrayList<>();
      try {
        feedInChunks(
            decoder,
            input,
            random,
            frame -> {
              assertTrue(frame.payload().length <= Frame.MAX_PAYLOAD);
              try {
                readPayload(frame);
              } catch (RelayProtocolException malformedPayload) {
                // fine: the receiver answers it like a bad frame
              }
              out.add(frame);
            });
      } catch (RelayProtocolException expected) {
        protocolErrors++;
        assertThrows(
            RelayProtocolException.class,
            () -> decoder.feed(new byte[] {2, 0, 0}, f -> {}),
            "a failed decoder stays failed");
      }
      frames += out.size();
    }
    assertTrue(
        protocolErrors > 10_000, "the inputs should exercise the error paths: " + protocolErrors);
    assertTrue(frames > 10_000, "the inputs should exercise the frame paths: " + frames);
  }

  @Test
  void validFramesRoundTripInAnyChunking() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 2_000; i++) {
      List<Frame> sent = randomFrames(random, 1 + random.nextInt(20));
      List<Frame> received = new ArrayList<>();
      feedInChunks(new FrameDecoder(), encode(sent), random, received::add);
      assertEquals(sent, received);
    }
  }

  @Test
  void refusesOversizeLengthBeforeAllocating() {
    FrameDecoder decoder = new FrameDecoder();
    RelayProtocolException e =
        assertThrows(
            RelayProtocolException.class,
            () -> decoder.feed(new byte[] {FrameType.QUERY, (byte) 0xFF, (byte) 0xFF}, f -> {}));
    assertEquals(ErrorCode.BAD_FRAME, e.code());
    assertEquals(0, decoder.bufferedCapacity());
  }

  @Test
  void refusesUnknownType() {
    assertThrows(
        RelayProtocolException.class,
        () -> new FrameDecoder().feed(new byte[] {0x42, 0, 0}, f -> {}));
  }

  @Test
  void typedPayloadsRoundTrip() {
    PeerId peer = PeerId.fromRawKey(randomBytes(new Random(3), 32));
    byte[] token = Tokens.random();
    assertEquals(
        new Welcome(7780, "203.0.113.7:40000"),
        Frames.readWelcome(Frames.welcome(7780, "203.0.113.7:40000")));
    assertEquals(peer, Frames.readQuery(Frames.query(peer)));
    assertEquals(new Frames.Presence(peer, true), Frames.readPresence(Frames.presence(peer, true)));
    assertArrayEquals(token, Frames.readIncoming(Frames.incoming(token)));
    Frames.PeerToken offer = Frames.readPeerToken(Frames.punchOffer(peer, token));
    assertEquals(peer, offer.peer());
    assertArrayEquals(token, offer.token());
    assertEquals(
        new Frames.Error(ErrorCode.OFFLINE, "gone"),
        Frames.readError(Frames.error(ErrorCode.OFFLINE, "gone")));
  }

  /** Every payload reader must also fail only with the protocol exception. */
  private static void readPayload(Frame frame) {
    switch (frame.type()) {
      case FrameType.WELCOME -> Frames.readWelcome(frame);
      case FrameType.QUERY -> Frames.readQuery(frame);
      case FrameType.PRESENCE -> Frames.readPresence(frame);
      case FrameType.INCOMING -> Frames.readIncoming(frame);
      case FrameType.PUNCH_REQUEST, FrameType.PUNCH_OFFER -> Frames.readPeerToken(frame);
      case FrameType.ERROR -> Frames.readError(frame);
      default -> {}
    }
  }

  private static void feedInChunks(
      FrameDecoder decoder, byte[] input, Random random, Consumer<Frame> sink) {
    int offset = 0;
    while (offset < input.length) {
      int n =
          Math.min(
              input.length - offset, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(input.length));
      decoder.feed(input, offset, n, sink);
      offset += n;
      assertTrue(decoder.bufferedCapacity() <= Frame.MAX_PAYLOAD);
    }
  }

  private static List<Frame> randomFrames(Random random, int count) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size =
          random.nextInt(8) == 0 ? random.nextInt(Frame.MAX_PAYLOAD + 1) : random.nextInt(60);
      frames.add(new Frame(TYPES[random.nextInt(TYPES.length)], randomBytes(random, size)));
    }
    return frames;
  }

  /** Headers with known types and lengths around the limit, then a little payload. */
  private static byte[] biasedHeaders(Random random) {
    int length =
        switch (random.nextInt(4)) {
          case 0 -> Frame.MAX_PAYLOAD + random.nextInt(3) - 1;
          case 1 -> 0xFFFF - random.nextInt(3);
          case 2 -> random.nextInt(64);
          default -> random.nextInt(0x10000);
        };
    byte[] tail = randomBytes(random, random.nextInt(100));
    byte[] out = new byte[3 + tail.length];
    out[0] = (byte) TYPES[random.nextInt(TYPES.length)];
    out[1] = (byte) (length >>> 8);
    out[2] = (byte) length;
    System.arraycopy(tail, 0, out, 3, tail.length);
    return out;
  }

  private static byte[] mutate(byte[] input, Random random) {
    byte[] out = input.clone();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && out.length > 0; i++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(3)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
        default -> out = java.util.Arrays.copyOf(out, at); // truncate
      }
    }
    return out;
  }

  private static byte[] encode(List<Frame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(f -> out.writeBytes(f.encode()));
    return out.toByteArray();
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
