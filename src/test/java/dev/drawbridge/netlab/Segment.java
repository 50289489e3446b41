package dev.drawbridge.netlab;

/**
 * A layer-2 segment: one bridge ({@code br0}) alone in its own namespace, so no host on it owns the
 * switch and no firewall sits between its ports. Multicast snooping is off so that multicast (mDNS)
 * floods to every port, as on a cheap home switch.
 */
public final class Segment {
  private final NetLab lab;
  private final String namespace;
  private final Cidr cidr;
  private final String gateway;

  Segment(NetLab lab, String namespace, Cidr cidr, String gateway) {
    this.lab = lab;
    this.namespace = namespace;
    this.cidr = cidr;
    this.gateway = gateway;
    lab.ip(
            "-n",
            namespace,
            "link",
            "add",
            "br0",
            "type",
            "bridge",
            "stp_state",
            "0",
            "mcast_snooping",
            "0")
        .orThrow("bridge in " + namespace);
    lab.ip("-n", namespace, "link", "set", "br0", "up").orThrow("bridge up in " + namespace);
  }

  /** The router's LAN address hosts use as default route, or null (the flat "internet"). */
  public String gateway() {
    return gateway;
  }

  /**
   * The namespace holding the bridge (to capture everything on the segment: {@code tcpdump -i
   * br0}).
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Plugs namespace {@code ns} in: a veth pair made directly across the two namespaces (nothing
   * ever appears in the root namespace), switch side {@code to-<owner>} enslaved to br0.
   */
  void attach(String ns, String owner, String iface, String address) {
    String port = "to-" + owner;
    String addr = cidr.withPrefix(address);
    lab.ip("-n", namespace, "link", "add", port, "type", "veth", "peer", "name", iface, "netns", ns)
        .orThrow("veth " + port + " <-> " + ns + ":" + iface);
    lab.ip("-n", namespace, "link", "set", port, "master", "br0", "up").orThrow("enslave " + port);
    lab.ip("-n", ns, "addr", "add", addr, "dev", iface).orThrow("address " + addr + " on " + ns);
    lab.ip("-n", ns, "link", "set", iface, "up").orThrow(iface + " up in " + ns);
  }
}
