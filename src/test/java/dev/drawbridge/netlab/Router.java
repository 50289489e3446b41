package dev.drawbridge.netlab;

import java.util.ArrayList;
import java.util.List;

/**
 * A home router: its own namespace with wan0 (public address, on the internet segment) and lan0
 * (first address of the LAN, on its own LAN segment), forwarding with NAT and a home firewall. It
 * is a {@link Host} too: exec, capture (e.g. on wan0) work inside it.
 */
public final class Router extends Host {
  private final Segment lan;
  private final Nat nat;

  Router(NetLab lab, String name, String namespace, String wanAddress, Segment lan, Nat nat) {
    super(lab, name, namespace, wanAddress);
    this.lan = lan;
    this.nat = nat;
  }

  /**
   * The LAN behind it: {@code lab.host("a", router.lan(), "10.1.0.10")} gets its default route via
   * the router.
   */
  public Segment lan() {
    return lan;
  }

  public Nat nat() {
    return nat;
  }

  /** The public (wan0) address, what the internet sees as source of every LAN host. */
  public String publicAddress() {
    return address();
  }

  /**
   * Forwarding, NAT and firewall, all inside this namespace's own netfilter tables. The firewall
   * drops (not rejects) unsolicited inbound: an early hole-punch SYN vanishes silently, just as on
   * a real router, so the peer's later SYN can still open the path.
   */
  void configure() {
    exec("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward").orThrow("ip_forward in " + name());
    List<String> masquerade =
        new ArrayList<>(
            List.of("-t", "nat", "-A", "POSTROUTING", "-o", "wan0", "-j", "MASQUERADE"));
    if (nat == Nat.SYMMETRIC) {
      masquerade.add("--random-fully");
    }
    iptables(masquerade.toArray(String[]::new));
    iptables("-P", "FORWARD", "DROP");
    iptables(
        "-A", "FORWARD", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
    iptables("-A", "FORWARD", "-i", "lan0", "-o", "wan0", "-j", "ACCEPT");
    iptables(
        "-A",
        "INPUT",
        "-i",
        "wan0",
        "-m",
        "conntrack",
        "--ctstate",
        "ESTABLISHED,RELATED",
        "-j",
        "ACCEPT");
    iptables("-A", "INPUT", "-i", "wan0", "-j", "DROP");
  }

  private void iptables(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Cmd.find("iptables").orElseThrow(), "-w"));
    cmd.addAll(List.of(args));
    exec(NetLab.SETUP_TIMEOUT, cmd.toArray(String[]::new))
        .orThrow("iptables " + String.join(" ", args) + " in " + name());
  }
}
