package dev.drawbridge.mesh;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A host:port where a peer's mesh listener may be. IPv6 literals are written [addr]:port. */
public record PeerAddress(String host, int port) {
  private static final Pattern FORM =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253}):(\\d{1,5})");

  public PeerAddress {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535");
    }
  }

  /** Parses "host:port" / "[v6]:port"; throws IllegalArgumentException with a readable reason. */
  public static PeerAddress parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("address must look like host:port (IPv6 as [addr]:port)");
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new PeerAddress(host, Integer.parseInt(m.group(2)));
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
