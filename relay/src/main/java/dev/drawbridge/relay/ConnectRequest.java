package dev.drawbridge.relay;

import dev.drawbridge.identity.InvalidPeerIdException;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import java.util.Locale;

/**
 * Reads the target of {@code CONNECT <PeerId>.drawbridge:<port> HTTP/1.1}. Only the request line
 * matters; headers are tolerated and ignored (the block's size is capped before parsing). The port
 * is checked but not used: the target peer decides where a joined circuit goes.
 */
final class ConnectRequest {

  /** The request is not a CONNECT to a peer; the message is fit for a 400 body. */
  static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  private ConnectRequest() {}

  /**
   * @param headerBlock the bytes up to and including the blank line, as ISO-8859-1 text
   */
  static PeerId target(String headerBlock) throws BadRequest {
    int end = headerBlock.indexOf("\r\n");
    String line = end < 0 ? headerBlock : headerBlock.substring(0, end);
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !parts[0].equals("CONNECT")) {
      throw new BadRequest("expected: CONNECT <peer-id>.drawbridge:<port> HTTP/1.1");
    }
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
      throw new BadRequest("unsupported protocol version");
    }
    String authority = parts[1];
    int colon = authority.lastIndexOf(':');
    if (colon < 0) {
      throw new BadRequest("the CONNECT target needs a port");
    }
    checkPort(authority.substring(colon + 1));
    String host = authority.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!host.endsWith(CircuitPreamble.PEER_DOMAIN)) {
      throw new BadRequest("this relay only connects to <peer-id>" + CircuitPreamble.PEER_DOMAIN);
    }
    String label = host.substring(0, host.length() - CircuitPreamble.PEER_DOMAIN.length());
    try {
      return PeerId.parse(label);
    } catch (InvalidPeerIdException e) {
      throw new BadRequest("not a peer id: " + e.getMessage());
    }
  }

  /**
   * The circuit token in the block's {@code Proxy-Authorization} header (protocol v2), or null when
   * there is none or it is malformed.
   */
  static byte[] token(String headerBlock) {
    for (String line : headerBlock.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Proxy-Authorization")) {
        return CircuitPreamble.tokenOf(line.substring(colon + 1));
      }
    }
    return null;
  }

  private static void checkPort(String text) throws BadRequest {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new BadRequest("bad port");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 0xFFFF) {
      throw new BadRequest("port out of range");
    }
  }
}
