package dev.drawbridge.relay.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code addrLen u8 | "ip:port"} encoding used in WELCOME and in the rendezvous answer. IPv6 is
 * written as {@code [v6]:port} so the last colon always separates the port.
 */
public final class Addresses {

  private Addresses() {}

  public static String format(String ip, int port) {
    return (ip.indexOf(':') >= 0 && !ip.startsWith("[") ? "[" + ip + "]" : ip) + ":" + port;
  }

  /** Length-prefixed UTF-8. */
  public static byte[] encode(String address) {
    byte[] text = address.getBytes(StandardCharsets.UTF_8);
    if (text.length > 0xFF) {
      throw new IllegalArgumentException("address longer than 255 bytes");
    }
    byte[] out = new byte[1 + text.length];
    out[0] = (byte) text.length;
    System.arraycopy(text, 0, out, 1, text.length);
    return out;
  }

  /** Reads a length-prefixed address starting at {@code offset}. */
  public static String decode(byte[] data, int offset) {
    if (offset >= data.length) {
      throw new RelayProtocolException("address length missing");
    }
    int length = data[offset] & 0xFF;
    if (offset + 1 + length > data.length) {
      throw new RelayProtocolException("address truncated");
    }
    return new String(data, offset + 1, length, StandardCharsets.UTF_8);
  }

  /** Parses "ip:port" / "[v6]:port"; only IP literals, so it never triggers a DNS lookup. */
  public static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new RelayProtocolException("not an ip:port address: " + address);
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = host.matches("[0-9A-Fa-f:.]+") && host.indexOf(':') >= 0;
    if (!v4 && !v6) {
      throw new RelayProtocolException("not an IP literal: " + address);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new RelayProtocolException("bad port in " + address);
    }
    if (port < 1 || port > 0xFFFF) {
      throw new RelayProtocolException("port out of range in " + address);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new RelayProtocolException("not an IP literal: " + address);
    }
  }
}
