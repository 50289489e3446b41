package dev.drawbridge.netlab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Smoke test of the lab itself: the topology behaves as the product's multi-host tests need (NAT
 * reachability, no unsolicited inbound, cone vs symmetric port mapping, hole punching, multicast on
 * a plain LAN, plaintext visible to a capture). Skips where namespaces are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetLabIT {
  private static final String RELAY = "203.0.113.10";
  private static final String OBS_PORT = "7000";
  private static final String HTTP_PORT = "8080";

  private NetLab lab;
  private Path logs;
  private Host relay;
  private Host mallory;
  private Router nat1;
  private Router nat3;
  private Host a;
  private Host a2;
  private Host b;
  private Host c;
  private Host l1;
  private Host l2;

  @BeforeAll
  void buildTopology() {
    long t0 = System.nanoTime();
    lab = NetLab.create();
    logs = Path.of("target", "netlab", lab.prefix()).toAbsolutePath();
    Segment internet = lab.segment("inet", "203.0.113.0/24");
    relay = lab.host("relay", internet, RELAY);
    mallory = lab.host("mallory", internet, "203.0.113.66");
    nat1 = lab.natRouter("nat1", internet, "203.0.113.21", "10.1.0.0/24", Nat.CONE);
    Router nat2 = lab.natRouter("nat2", internet, "203.0.113.22", "10.2.0.0/24", Nat.CONE);
    nat3 = lab.natRouter("nat3", internet, "203.0.113.23", "10.4.0.0/24", Nat.SYMMETRIC);
    a = lab.host("a", nat1.lan(), "10.1.0.10");
    a2 = lab.host("a2", nat1.lan(), "10.1.0.11");
    b = lab.host("b", nat2.lan(), "10.2.0.10");
    c = lab.host("c", nat3.lan(), "10.4.0.10");
    Segment lan3 = lab.segment("lan3", "10.3.0.0/24");
    l1 = lab.host("l1", lan3, "10.3.0.10");
    l2 = lab.host("l2", lan3, "10.3.0.11");
    System.out.printf(
        "netlab %s: 16 namespaces built in %d ms%n",
        lab.prefix(), (System.nanoTime() - t0) / 1_000_000);
    startObserver(relay);
  }

  @AfterAll
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void hostBehindNatReachesRelay() throws IOException {
    assertEquals(0, a.exec("ping", "-c1", "-W1", RELAY).exitCode(), "ping relay from behind NAT");
    // The relay sees the router's public address, never the LAN address.
    assertStartsWith(nat1.publicAddress() + ":", tcpWhoami(a, RELAY, 5).stdout());
    HttpResult echo =
        a.http("POST", "http://" + RELAY + ":" + HTTP_PORT + "/echo", "{\"hello\":\"relay\"}");
    assertEquals(new HttpResult(200, "{\"hello\":\"relay\"}"), echo);
    Path file = logs.resolve("download.bin");
    assertEquals(
        200, a.download("http://" + RELAY + ":" + HTTP_PORT + "/bytes?n=3000000", file).status());
    assertEquals(3_000_000, Files.size(file));
  }

  @Test
  void unsolicitedInboundToNatHostFails() {
    startObserver(a);
    // Positive control: the listener is up and reachable from its LAN neighbour (same bridge).
    assertStartsWith(a2.address() + ":", tcpWhoami(a2, a.address(), 5).stdout());
    // An attacker next to the router even routes the LAN prefix at it: FORWARD drops NEW from wan.
    mallory.exec("ip", "route", "add", "10.1.0.0/24", "via", nat1.publicAddress()).orThrow("route");
    CompletableFuture<ExecResult> viaRoute =
        CompletableFuture.supplyAsync(() -> tcpWhoami(mallory, a.address(), 1));
    ExecResult toRouter = tcpWhoami(relay, nat1.publicAddress(), 1);
    assertNotEquals(
        0, viaRoute.join().exitCode(), "mallory -> 10.1.0.10 via router: " + viaRoute.join());
    assertNotEquals(0, toRouter.exitCode(), "relay -> router's public address: " + toRouter);
    assertNotEquals(
        0,
        relay.exec("ping", "-c1", "-W1", a.address()).exitCode(),
        "no route to a LAN from the internet");
  }

  @Test
  void coneNatKeepsSourcePortSymmetricNatDoesNot() {
    CompletableFuture<ExecResult> cone = CompletableFuture.supplyAsync(() -> whoami(a, "40000"));
    ExecResult symmetric = whoami(c, "40000");
    assertEquals("PUBLIC " + nat1.publicAddress() + ":40000", cone.join().stdout().strip());
    assertStartsWith("PUBLIC " + nat3.publicAddress() + ":", symmetric.stdout());
    // (--random-fully could pick 40000 by chance: about 1 in 64,000.)
    assertNotEquals("PUBLIC " + nat3.publicAddress() + ":40000", symmetric.stdout().strip());
  }

  @Test
  void holePunchingWorksThroughConeNatsAndFailsWithSymmetric() throws Exception {
    // Both pairs at once: the failing pair has to wait out its deadline anyway.
    Process[] cone = {punch(a, "41000", 5000), punch(b, "41000", 5000)};
    Process[] sym = {punch(a, "42000", 3000), punch(c, "42000", 3000)};
    introduce(cone[0], "a-41000", cone[1], "b-41000");
    introduce(sym[0], "a-42000", sym[1], "c-42000");
    for (Process p : new Process[] {cone[0], cone[1], sym[0], sym[1]}) {
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), "punch probe finished");
    }
    // Each side talks to the other's public endpoint: the connection really crossed both NATs.
    assertContains("CONNECTED hello from 203.0.113.22:41000", log("a-41000"));
    assertContains("CONNECTED hello from 203.0.113.21:41000", log("b-41000"));
    assertContains("FAILED", log("a-42000"));
    assertContains("FAILED", log("c-42000"));
  }

  @Test
  void plainLanHostsReachEachOtherAndMulticastWorks() {
    assertEquals(
        0, l1.exec("ping", "-c1", "-W1", l2.address()).exitCode(), "ping on the plain LAN");
    Path log = logs.resolve("mcast-recv.log");
    Process recv = l2.spawnJava(log, MulticastProbe.class, "recv", "224.0.0.251", "5353", "eth0");
    awaitLine(log, "READY", recv);
    l1.execJava(
            Duration.ofSeconds(10),
            MulticastProbe.class,
            "send",
            "224.0.0.251",
            "5353",
            "eth0",
            "hello-mdns")
        .orThrow("multicast send");
    await("multicast received").atMost(Duration.ofSeconds(10)).until(() -> !recv.isAlive());
    assertContains("GOT hello-mdns FROM " + l1.address(), readLog(log));
  }

  @Test
  void captureSeesPlaintextMarker() throws IOException {
    byte[] marker = "DRAWBRIDGE-PLAINTEXT-MARKER-7f3a".getBytes(StandardCharsets.US_ASCII);
    String body =
        "{\"m\":\"" + new String(Pcap.repeat(marker, 200), StandardCharsets.US_ASCII) + "\"}";
    Capture cap = relay.capture("eth0", logs.resolve("relay.pcap"));
    assertEquals(200, a.http("POST", "http://" + RELAY + ":" + HTTP_PORT + "/echo", body).status());
    Path pcap = cap.stop();
    assertTrue(Pcap.contains(pcap, marker), "marker in capture; " + cap.log());
    assertFalse(Pcap.contains(pcap, "NEVER-SENT-MARKER".getBytes(StandardCharsets.US_ASCII)));
  }

  private static void assertStartsWith(String prefix, String actual) {
    assertTrue(actual.startsWith(prefix), "expected to start with " + prefix + ": " + actual);
  }

  private static void assertContains(String part, String actual) {
    assertTrue(actual.contains(part), "expected to contain " + part + ": " + actual);
  }

  private void startObserver(Host host) {
    Path log = logs.resolve("observer-" + host.name() + ".log");
    awaitLine(log, "LISTENING", host.spawnJava(log, ObserverProbe.class, OBS_PORT, HTTP_PORT));
  }

  /**
   * Connects with bash's /dev/tcp (no JVM start): stdout is the "ip:port" the observer saw. A
   * dropped SYN just hangs, so "must fail" checks use a short limit, "must work" ones a lenient
   * one.
   */
  private static ExecResult tcpWhoami(Host from, String to, int seconds) {
    return from.exec(
        Duration.ofSeconds(seconds + 5),
        "timeout",
        Integer.toString(seconds),
        "bash",
        "-c",
        "exec 3<>/dev/tcp/" + to + "/" + OBS_PORT + " && cat <&3");
  }

  private static ExecResult whoami(Host from, String localPort) {
    return from.execJava(
            Duration.ofSeconds(10), PunchProbe.class, "whoami", RELAY, OBS_PORT, localPort)
        .orThrow("whoami");
  }

  private Process punch(Host host, String localPort, int deadlineMs) {
    return host.spawnJava(
        logs.resolve(host.name() + "-" + localPort + ".log"),
        PunchProbe.class,
        "punch",
        RELAY,
        OBS_PORT,
        localPort,
        Integer.toString(deadlineMs));
  }

  /** Tells each side the other's public ip:port, as the relay's coordinator will. */
  private void introduce(Process p1, String log1, Process p2, String log2) throws IOException {
    String pub1 = awaitLine(logs.resolve(log1 + ".log"), "PUBLIC ", p1).substring(7);
    String pub2 = awaitLine(logs.resolve(log2 + ".log"), "PUBLIC ", p2).substring(7);
    send(p1, pub2);
    send(p2, pub1);
  }

  private static void send(Process p, String line) throws IOException {
    OutputStream in = p.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    in.flush();
  }

  private static String awaitLine(Path log, String prefix, Process p) {
    return await(prefix + " in " + log)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              String line =
                  readLog(log).lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
              if (line == null && !p.isAlive()) {
                throw new IllegalStateException(log + ": process exited: " + readLog(log));
              }
              return line;
            },
            l -> l != null);
  }

  private String log(String name) {
    return readLog(logs.resolve(name + ".log"));
  }

  private static String readLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
