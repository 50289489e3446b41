package dev.drawbridge.netlab;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * One lab: every namespace, bridge, veth and process a test built, torn down together by {@link
 * #close()} (also on JVM exit). All names carry a random per-run prefix so parallel runs and
 * leftovers of a killed run never collide. Nothing here touches the root namespace's interfaces,
 * routes or firewall: every command is {@code ip -n <ours>} or {@code ip netns exec <ours>}.
 *
 * <pre>{@code
 * try (NetLab lab = NetLab.create()) {                       // skips the test without netns rights
 *   Segment internet = lab.segment("inet", "203.0.113.0/24");
 *   Host relay = lab.host("relay", internet, "203.0.113.10");
 *   Router home = lab.natRouter("nat1", internet, "203.0.113.21", "10.1.0.0/24", Nat.CONE);
 *   Host a = lab.host("a", home.lan(), "10.1.0.10");           // default route via 10.1.0.1
 *   relay.spawn(Map.of(), log, "java", "-jar", relayJar);      // stopped by PID on close
 *   HttpResult r = a.http("GET", "http://127.0.0.1:8080/api/v1/identity", null);
 * }
 * }</pre>
 *
 * A run killed with SIGKILL cannot clean up: its namespaces are {@code d????-*} in {@code ip netns
 * list}.
 */
public final class NetLab implements AutoCloseable {
  static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Names end up in namespace names (prefix 5 + "-" + 7 + "-l" ≤ 15) and switch-side veth names.
   */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,6}");

  private final String prefix;
  private final String ip;
  private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::close, "netlab-cleanup");

  private NetLab(String prefix, String ip) {
    this.prefix = prefix;
    this.ip = ip;
  }

  /**
   * A fresh, empty lab. Skips the calling test (TestAbortedException) where namespaces cannot be
   * made here (not root, no iproute2, a container without CAP_SYS_ADMIN): never a failure.
   */
  public static NetLab create() {
    String ip = Cmd.find("ip").orElse(null);
    if (ip == null) {
      Assumptions.abort(
          "network namespaces not permitted here: `ip` (iproute2) not installed; run .ci/install-test-tools");
    }
    String prefix = randomPrefix();
    String probe = prefix + "-chk";
    ExecResult add = Cmd.run(SETUP_TIMEOUT, List.of(ip, "netns", "add", probe));
    if (!add.ok()) {
      Assumptions.abort(
          "network namespaces not permitted here: `ip netns add` said: " + add.stderr().strip());
    }
    // `ip netns exec` also needs to remount /sys; some sandboxes allow add but not exec.
    ExecResult exec =
        Cmd.run(SETUP_TIMEOUT, List.of(ip, "netns", "exec", probe, ip, "link", "show", "lo"));
    Cmd.run(SETUP_TIMEOUT, List.of(ip, "netns", "del", probe));
    if (!exec.ok()) {
      Assumptions.abort(
          "network namespaces not permitted here: `ip netns exec` said: " + exec.stderr().strip());
    }
    NetLab lab = new NetLab(prefix, ip);
    Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
    return lab;
  }

  /** A switch: a bridge in its own namespace; hosts and routers attach to it with veth pairs. */
  public Segment segment(String name, String cidr) {
    return new Segment(this, namespace(checkName(name)), Cidr.parse(cidr), null);
  }

  /**
   * A host with one interface (eth0) on {@code segment}; default route via the segment's router, if
   * any.
   */
  public Host host(String name, Segment segment, String address) {
    String ns = namespace(checkName(name));
    segment.attach(ns, name, "eth0", address);
    if (segment.gateway() != null) {
      ip("-n", ns, "route", "add", "default", "via", segment.gateway())
          .orThrow("default route for " + name);
    }
    return new Host(this, name, ns, address);
  }

  /**
   * A home router: wan0 on {@code wan} at {@code wanAddress}, lan0 at the first address of {@code
   * lanCidr} on a new LAN segment ({@link Router#lan()}), NAT as {@code nat} says, and the usual
   * home firewall (no unsolicited inbound).
   */
  public Router natRouter(String name, Segment wan, String wanAddress, String lanCidr, Nat nat) {
    if (Cmd.find("iptables").isEmpty()) {
      Assumptions.abort("iptables not installed; run .ci/install-test-tools");
    }
    String ns = namespace(checkName(name));
    wan.attach(ns, name, "wan0", wanAddress);
    Cidr lanNet = Cidr.parse(lanCidr);
    String gateway = lanNet.host(1);
    Segment lan = new Segment(this, namespace(name + "-l"), lanNet, gateway);
    lan.attach(ns, name, "lan0", gateway);
    Router router = new Router(this, name, ns, wanAddress, lan, nat);
    router.configure();
    return router;
  }

  /** The random per-run prefix of every namespace name (handy in logs). */
  public String prefix() {
    return prefix;
  }

  /**
   * Runs {@code ip args...} (setup only; callers pass {@code -n <ns>} so nothing lands in the root
   * namespace).
   */
  ExecResult ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ip));
    cmd.addAll(List.of(args));
    return Cmd.run(SETUP_TIMEOUT, cmd);
  }

  /** {@code ip netns exec <ns> cmd...} */
  List<String> inNamespace(String ns, List<String> cmd) {
    List<String> all = new ArrayList<>(List.of(ip, "netns", "exec", ns));
    all.addAll(cmd);
    return all;
  }

  Process track(Process p) {
    processes.add(p);
    if (closed.get()) { // same ordering argument as in namespace()
      Cmd.kill(p);
      throw new IllegalStateException("lab " + prefix + " already closed");
    }
    return p;
  }

  private static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "lab names are 1-7 chars [a-z0-9], starting with a letter: " + name);
    }
    return name;
  }

  /**
   * Makes {@code <prefix>-<name>} with lo up; a clash with an existing name fails loudly, never
   * reuses.
   */
  private String namespace(String name) {
    String ns = prefix + "-" + name;
    ip("netns", "add", ns).orThrow("ip netns add " + ns);
    namespaces.add(ns);
    // close() may run concurrently (shutdown hook during setup): it sets `closed` before it copies
    // the list, so either it sees this namespace or we see `closed` here. Never leak one.
    if (closed.get()) {
      ip("netns", "del", ns);
      throw new IllegalStateException("lab " + prefix + " closed while building " + ns);
    }
    ip("-n", ns, "link", "set", "lo", "up").orThrow("lo up in " + ns);
    // Bridge netfilter is on by default here: bridged frames would traverse this namespace's
    // iptables (a router's FORWARD DROP would eat LAN-internal traffic). Off where bridges live;
    // the file is absent when br_netfilter is not loaded, which is just as good.
    Cmd.run(
        SETUP_TIMEOUT,
        inNamespace(
            ns,
            List.of(
                "sh",
                "-c",
                "for f in /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/bridge/bridge-nf-call-ip6tables"
                    + " /proc/sys/net/bridge/bridge-nf-call-arptables; do [ -w $f ] && echo 0 > $f; done; true")));
    return ns;
  }

  /**
   * Stops every process (by PID), then anything else left inside our namespaces, then deletes them.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // we are the hook
    }
    List<Process> ps = new ArrayList<>(processes);
    Collections.reverse(ps);
    ps.forEach(Cmd::kill);
    List<String> nss = new ArrayList<>(namespaces);
    Collections.reverse(nss);
    for (String ns : nss) {
      // `ip netns del` leaves processes inside running; these PIDs all run in a namespace we made.
      for (String pid : ip("netns", "pids", ns).stdout().split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid))
              .ifPresent(
                  h -> {
                    h.destroy();
                    h.onExit()
                        .completeOnTimeout(h, 2, java.util.concurrent.TimeUnit.SECONDS)
                        .join();
                    h.destroyForcibly();
                  });
        }
      }
      ip("netns", "del", ns);
    }
  }

  private static String randomPrefix() {
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder("d");
    for (int i = 0; i < 4; i++) {
      sb.append(Character.forDigit(r.nextInt(36), 36));
    }
    return sb.toString();
  }
}
