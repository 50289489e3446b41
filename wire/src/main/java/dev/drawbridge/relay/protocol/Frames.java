package dev.drawbridge.relay.protocol;

import dev.drawbridge.identity.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Builds and reads the payload of each frame type. Readers check exact lengths and throw {@link
 * RelayProtocolException}, so a malformed payload is handled like a malformed frame.
 */
public final class Frames {

  public static final int KEY_LENGTH = 32;

  public static final int VISIBILITY_REPLACE = 0;
  public static final int VISIBILITY_ADD = 1;
  public static final int VISIBILITY_ALL = 2;
  public static final int VISIBILITY_HASH_LENGTH = 16;

  /** Hashes per VISIBILITY frame: 1 + 255 × 16 = 4081 bytes, under the 4096-byte payload cap. */
  public static final int VISIBILITY_PER_FRAME = 255;

  private static final byte[] VISIBILITY_CONTEXT =
      "drawbridge-visibility".getBytes(StandardCharsets.US_ASCII);

  /** Error messages are cut to this many bytes; they are for logs, not for parsing. */
  private static final int MAX_MESSAGE = 512;

  /** PRESENCE payload. */
  public record Presence(PeerId peer, boolean online) {}

  /** PUNCH_REQUEST (peer = target) and PUNCH_OFFER (peer = requester) payload. */
  public record PeerToken(PeerId peer, byte[] token) {}

  /** CIRCUIT_TOKEN payload: a single-use token to CONNECT to {@code target}. */
  public record CircuitToken(PeerId target, byte[] token) {}

  /** VISIBILITY payload (v2): replace or extend the list of who may see this peer. */
  public record Visibility(int mode, List<byte[]> hashes) {}

  /** ERROR payload. */
  public record Error(int code, String message) {}

  private Frames() {}

  public static Frame welcome(int circuitPort, String observedAddress) {
    byte[] address = Addresses.encode(observedAddress);
    byte[] payload = new byte[2 + address.length];
    payload[0] = (byte) (circuitPort >>> 8);
    payload[1] = (byte) circuitPort;
    System.arraycopy(address, 0, payload, 2, address.length);
    return new Frame(FrameType.WELCOME, payload);
  }

  public static Welcome readWelcome(Frame frame) {
    byte[] p = expect(frame, FrameType.WELCOME);
    if (p.length < 3) {
      throw new RelayProtocolException("WELCOME too short");
    }
    int port = (p[0] & 0xFF) << 8 | (p[1] & 0xFF);
    String address = Addresses.decode(p, 2);
    if (2 + 1 + (p[2] & 0xFF) != p.length) {
      throw new RelayProtocolException("WELCOME has trailing bytes");
    }
    return new Welcome(port, address);
  }

  public static Frame ping() {
    return new Frame(FrameType.PING, new byte[0]);
  }

  public static Frame pong() {
    return new Frame(FrameType.PONG, new byte[0]);
  }

  public static Frame query(PeerId peer) {
    return new Frame(FrameType.QUERY, peer.rawKey());
  }

  public static PeerId readQuery(Frame frame) {
    byte[] p = expect(frame, FrameType.QUERY);
    exactLength(frame, KEY_LENGTH);
    return PeerId.fromRawKey(p);
  }

  public static Frame presence(PeerId peer, boolean online) {
    byte[] payload = Arrays.copyOf(peer.rawKey(), KEY_LENGTH + 1);
    payload[KEY_LENGTH] = (byte) (online ? 1 : 0);
    return new Frame(FrameType.PRESENCE, payload);
  }

  public static Presence readPresence(Frame frame) {
    byte[] p = expect(frame, FrameType.PRESENCE);
    exactLength(frame, KEY_LENGTH + 1);
    if ((p[KEY_LENGTH] & 0xFE) != 0) {
      throw new RelayProtocolException("PRESENCE online flag must be 0 or 1");
    }
    return new Presence(PeerId.fromRawKey(Arrays.copyOf(p, KEY_LENGTH)), p[KEY_LENGTH] == 1);
  }

  public static Frame incoming(byte[] token) {
    return new Frame(FrameType.INCOMING, Tokens.checked(token).clone());
  }

  public static byte[] readIncoming(Frame frame) {
    byte[] p = expect(frame, FrameType.INCOMING);
    exactLength(frame, Tokens.LENGTH);
    return p.clone();
  }

  public static Frame punchRequest(PeerId target, byte[] token) {
    return new Frame(FrameType.PUNCH_REQUEST, keyAndToken(target, token));
  }

  public static Frame punchOffer(PeerId from, byte[] token) {
    return new Frame(FrameType.PUNCH_OFFER, keyAndToken(from, token));
  }

  /** Reads a PUNCH_REQUEST or PUNCH_OFFER. */
  public static PeerToken readPeerToken(Frame frame) {
    if (frame.type() != FrameType.PUNCH_REQUEST && frame.type() != FrameType.PUNCH_OFFER) {
      throw new RelayProtocolException("expected a punch frame, got " + frame);
    }
    exactLength(frame, KEY_LENGTH + Tokens.LENGTH);
    byte[] p = frame.payload();
    return new PeerToken(
        PeerId.fromRawKey(Arrays.copyOf(p, KEY_LENGTH)),
        Arrays.copyOfRange(p, KEY_LENGTH, KEY_LENGTH + Tokens.LENGTH));
  }

  public static Frame circuitRequest(PeerId target) {
    return new Frame(FrameType.CIRCUIT_REQUEST, target.rawKey());
  }

  public static PeerId readCircuitRequest(Frame frame) {
    byte[] p = expect(frame, FrameType.CIRCUIT_REQUEST);
    exactLength(frame, KEY_LENGTH);
    return PeerId.fromRawKey(p);
  }

  public static Frame circuitToken(PeerId target, byte[] token) {
    return new Frame(FrameType.CIRCUIT_TOKEN, keyAndToken(target, token));
  }

  public static CircuitToken readCircuitToken(Frame frame) {
    byte[] p = expect(frame, FrameType.CIRCUIT_TOKEN);
    exactLength(frame, KEY_LENGTH + Tokens.LENGTH);
    return new CircuitToken(
        PeerId.fromRawKey(Arrays.copyOf(p, KEY_LENGTH)),
        Arrays.copyOfRange(p, KEY_LENGTH, KEY_LENGTH + Tokens.LENGTH));
  }

  /**
   * VISIBILITY frames for {@code allowed}: the first replaces the relay's list, the rest extend it
   * ({@link #VISIBILITY_PER_FRAME} hashes each). An empty set hides this peer from everyone.
   */
  public static List<Frame> visibility(Collection<PeerId> allowed) {
    List<Frame> out = new ArrayList<>();
    List<PeerId> all = new ArrayList<>(allowed);
    int i = 0;
    do {
      int n = Math.min(VISIBILITY_PER_FRAME, all.size() - i);
      byte[] payload = new byte[1 + n * VISIBILITY_HASH_LENGTH];
      payload[0] = (byte) (i == 0 ? VISIBILITY_REPLACE : VISIBILITY_ADD);
      for (int k = 0; k < n; k++) {
        System.arraycopy(
            visibilityHash(all.get(i + k)),
            0,
            payload,
            1 + k * VISIBILITY_HASH_LENGTH,
            VISIBILITY_HASH_LENGTH);
      }
      out.add(new Frame(FrameType.VISIBILITY, payload));
      i += n;
    } while (i < all.size());
    return out;
  }

  /** A VISIBILITY frame that makes this peer visible to anyone again (the v1 behaviour). */
  public static Frame visibleToAll() {
    return new Frame(FrameType.VISIBILITY, new byte[] {VISIBILITY_ALL});
  }

  public static Visibility readVisibility(Frame frame) {
    byte[] p = expect(frame, FrameType.VISIBILITY);
    if (p.length < 1 || (p.length - 1) % VISIBILITY_HASH_LENGTH != 0) {
      throw new RelayProtocolException("VISIBILITY must be mode u8 | hash[16]*n");
    }
    int mode = p[0] & 0xFF;
    if (mode != VISIBILITY_REPLACE && mode != VISIBILITY_ADD && mode != VISIBILITY_ALL) {
      throw new RelayProtocolException("VISIBILITY mode must be 0, 1 or 2");
    }
    if (mode == VISIBILITY_ALL && p.length != 1) {
      throw new RelayProtocolException("VISIBILITY mode 2 carries no hashes");
    }
    List<byte[]> hashes = new ArrayList<>();
    for (int at = 1; at < p.length; at += VISIBILITY_HASH_LENGTH) {
      hashes.add(Arrays.copyOfRange(p, at, at + VISIBILITY_HASH_LENGTH));
    }
    return new Visibility(mode, hashes);
  }

  /**
   * The first 16 bytes of SHA-256("drawbridge-visibility" | rawKey): how VISIBILITY names a peer.
   */
  public static byte[] visibilityHash(PeerId peer) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(VISIBILITY_CONTEXT);
      return Arrays.copyOf(sha.digest(peer.rawKey()), VISIBILITY_HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Frame error(int code, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(text.length, MAX_MESSAGE);
    byte[] payload = new byte[1 + n];
    payload[0] = (byte) code;
    System.arraycopy(text, 0, payload, 1, n);
    return new Frame(FrameType.ERROR, payload);
  }

  public static Error readError(Frame frame) {
    byte[] p = expect(frame, FrameType.ERROR);
    if (p.length < 1) {
      throw new RelayProtocolException("ERROR without a code");
    }
    return new Error(p[0] & 0xFF, new String(p, 1, p.length - 1, StandardCharsets.UTF_8));
  }

  private static byte[] keyAndToken(PeerId peer, byte[] token) {
    byte[] payload = Arrays.copyOf(peer.rawKey(), KEY_LENGTH + Tokens.LENGTH);
    System.arraycopy(Tokens.checked(token), 0, payload, KEY_LENGTH, Tokens.LENGTH);
    return payload;
  }

  private static byte[] expect(Frame frame, int type) {
    if (frame.type() != type) {
      throw new RelayProtocolException("expected " + FrameType.name(type) + ", got " + frame);
    }
    return frame.payload();
  }

  private static void exactLength(Frame frame, int length) {
    if (frame.payload().length != length) {
      throw new RelayProtocolException(
          FrameType.name(frame.type())
              + " payload must be "
              + length
              + " bytes, not "
              + frame.payload().length);
    }
  }
}
