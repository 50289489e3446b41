package dev.drawbridge.netlab;

/** An IPv4 network like 10.1.0.0/24: enough arithmetic to place hosts and gateways on it. */
record Cidr(int network, int prefixLength) {
  static Cidr parse(String cidr) {
    String[] parts = cidr.split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("want a.b.c.d/len: " + cidr);
    }
    int len = Integer.parseInt(parts[1]);
    return new Cidr(toInt(parts[0]) & mask(len), len);
  }

  /** The n-th address of this network, e.g. host(1) is the conventional gateway. */
  String host(int n) {
    return toString(network + n);
  }

  /**
   * {@code address/len}, refusing an address outside this network (a typo would otherwise build a
   * dead topology).
   */
  String withPrefix(String address) {
    if ((toInt(address) & mask(prefixLength)) != network) {
      throw new IllegalArgumentException(
          address + " is not in " + toString(network) + "/" + prefixLength);
    }
    return address + "/" + prefixLength;
  }

  private static int mask(int len) {
    return len == 0 ? 0 : -1 << (32 - len);
  }

  private static int toInt(String dotted) {
    String[] o = dotted.split("\\.");
    if (o.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + dotted);
    }
    int v = 0;
    for (String part : o) {
      v = (v << 8) | Integer.parseInt(part);
    }
    return v;
  }

  private static String toString(int v) {
    return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
  }
}
