package dev.drawbridge.relay.protocol;

import dev.drawbridge.identity.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

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

  /** The user name in a circuit token's Proxy-Authorization (the password is the token). */
  public static final String TOKEN_USER = "drawbridge";

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

  /**
   * The v2 CONNECT request: the circuit token (from CIRCUIT_TOKEN) rides in {@code
   * Proxy-Authorization: Basic}, exactly what Vert.x {@code ProxyOptions} username/password send.
   */
  public static String connectRequest(PeerId peer, int port, byte[] token) {
    String authority = hostOf(peer) + ":" + port;
    return "CONNECT "
        + authority
        + " HTTP/1.1\r\nHost: "
        + authority
        + "\r\nProxy-Authorization: "
        + proxyAuthorization(token)
        + "\r\n\r\n";
  }

  /** {@code Basic base64("drawbridge:" + hex(token))}. */
  public static String proxyAuthorization(byte[] token) {
    String credentials = TOKEN_USER + ":" + Tokens.key(token);
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.US_ASCII));
  }

  /** The token in a Proxy-Authorization value, or null when there is none or it is malformed. */
  public static byte[] tokenOf(String proxyAuthorization) {
    if (proxyAuthorization == null) {
      return null;
    }
    String v = proxyAuthorization.strip();
    if (v.length() < 6 || !v.regionMatches(true, 0, "Basic ", 0, 6) || v.length() > 200) {
      return null;
    }
    try {
      String credentials =
          new String(Base64.getDecoder().decode(v.substring(6).strip()), StandardCharsets.US_ASCII);
      int colon = credentials.indexOf(':');
      String hex = colon < 0 ? "" : credentials.substring(colon + 1);
      if (hex.length() != 2 * Tokens.LENGTH) {
        return null;
      }
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] withMagic(byte[] magic, byte[] token) {
    byte[] out = new byte[TOKEN_PREAMBLE_LENGTH];
    System.arraycopy(magic, 0, out, 0, MAGIC_LENGTH);
    System.arraycopy(Tokens.checked(token), 0, out, MAGIC_LENGTH, Tokens.LENGTH);
    return out;
  }
}
