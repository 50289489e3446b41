package dev.drawbridge.relay.protocol;

import dev.drawbridge.identity.PeerId;
import java.nio.charset.StandardCharsets;

/**
 * The first bytes on the circuit port, which pick its mode: an HTTP {@code CONNECT} (source of a
 * relayed circuit), {@code DBJ1}+token (target joining a circuit) or {@code DBR1}+token (a side of
 * a hole-punch rendezvous). The magics cannot be confused with an HTTP method.
 */
public final class CircuitPreamble {

  public static final byte[] JOIN_MAGIC = "DBJ1".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] RENDEZVOUS_MAGIC = "DBR1".getBytes(StandardCharsets.US_ASCII);
  public static final int MAGIC_LENGTH = 4;

  /** Length of a whole DBJ1/DBR1 preamble. */
  public static final int TOKEN_PREAMBLE_LENGTH = MAGIC_LENGTH + Tokens.LENGTH;

  public static final byte JOIN_ACCEPTED = 0x00;
  public static final byte JOIN_REFUSED = 0x01;

  /** Largest CONNECT header block the relay reads. */
  public static final int MAX_CONNECT_HEADER = 8 * 1024;

  /** Pseudo top-level domain that names a peer in a CONNECT request. */
  public static final String PEER_DOMAIN = ".drawbridge";

  private CircuitPreamble() {}

  public static byte[] join(byte[] token) {
    return withMagic(JOIN_MAGIC, token);
  }

  public static byte[] rendezvous(byte[] token) {
    return withMagic(RENDEZVOUS_MAGIC, token);
  }

  /** The host name under which a peer is reached through a relay: {@code <PEERID>.drawbridge}. */
  public static String hostOf(PeerId peer) {
    return peer.value() + PEER_DOMAIN;
  }

  /** The CONNECT request for a peer ({@code port} is the mesh port; the relay ignores it). */
  public static String connectRequest(PeerId peer, int port) {
    String authority = hostOf(peer) + ":" + port;
    return "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
  }

  private static byte[] withMagic(byte[] magic, byte[] token) {
    byte[] out = new byte[TOKEN_PREAMBLE_LENGTH];
    System.arraycopy(magic, 0, out, 0, MAGIC_LENGTH);
    System.arraycopy(Tokens.checked(token), 0, out, MAGIC_LENGTH, Tokens.LENGTH);
    return out;
  }
}
