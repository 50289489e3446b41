package dev.drawbridge.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drawbridge.netlab.Capture;
import dev.drawbridge.netlab.Host;
import dev.drawbridge.netlab.Nat;
import dev.drawbridge.netlab.NetLab;
import dev.drawbridge.netlab.Pcap;
import dev.drawbridge.netlab.Router;
import dev.drawbridge.netlab.Segment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real peers and a real relay in network namespaces: a LAN without NAT, two port-preserving
 * ("cone") home routers, one symmetric NAT, and two relays of which one is down. Every peer adds
 * its contacts by PeerId alone; the connection strategy must find the path by itself.
 *
 * <pre>
 *  internet 203.0.113.0/24: r1 (relay, up) r2 (relay address, down)
 *    nat1 CONE ── a 10.1.0.10      nat2 CONE ── b 10.2.0.10      nat3 SYMMETRIC ── c 10.4.0.10
 *  lan3 10.3.0.0/24 (no NAT, no relay): l1, l2
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectivityIT {
  static final byte[] MARKER =
      "DRAWBRIDGE-PLAINTEXT-MARKER-never-on-the-relay-wire-0123456789"
          .getBytes(StandardCharsets.US_ASCII);
  static final byte[] FILE = Pcap.repeat(MARKER, 4 * 1024 * 1024 / MARKER.length);

  NetLab lab;
  Path base;
  NetRelay r1;
  NetPeer a;
  NetPeer b;
  NetPeer c;
  NetPeer l1;
  NetPeer l2;
  Host r1Host;

  @BeforeAll
  void buildLabAndStartPeers() throws Exception {
    assumeTrue(
        Files.exists(NetRelay.JAR), "relay jar missing: run ./mvnw verify (package builds it)");
    lab = NetLab.create();
    base =
        Files.createDirectories(
            Path.of("target", "netlab", UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath());
    Path shared = Files.createDirectories(base.resolve("shared"));
    Files.write(shared.resolve("data.bin"), FILE);

    Segment internet = lab.segment("inet", "203.0.113.0/24");
    r1Host = lab.host("r1", internet, "203.0.113.10");
    Host r2Host = lab.host("r2", internet, "203.0.113.11");
    Router nat1 = lab.natRouter("nat1", internet, "203.0.113.21", "10.1.0.0/24", Nat.CONE);
    Router nat2 = lab.natRouter("nat2", internet, "203.0.113.22", "10.2.0.0/24", Nat.CONE);
    Router nat3 = lab.natRouter("nat3", internet, "203.0.113.23", "10.4.0.0/24", Nat.SYMMETRIC);
    Segment lan = lab.segment("lan3", "10.3.0.0/24");

    r1 = new NetRelay(r1Host, base).start();
    // r2 is listed first by every NATed peer but never started: "two relays, one down".
    String relays = "203.0.113.11:7779,203.0.113.10:7779";
    a = NetPeer.start(lab.host("a", nat1.lan(), "10.1.0.10"), base, relays);
    b = NetPeer.start(lab.host("b", nat2.lan(), "10.2.0.10"), base, relays);
    c = NetPeer.start(lab.host("c", nat3.lan(), "10.4.0.10"), base, relays);
    l1 = NetPeer.start(lab.host("l1", lan, "10.3.0.10"), base, "");
    l2 = NetPeer.start(lab.host("l2", lan, "10.3.0.11"), base, "");
    for (NetPeer p : new NetPeer[] {a, b, c, l1, l2}) {
      p.awaitReady();
    }
    a.share("pub", shared, b);
    c.share("pub", shared, b);
    l1.share("pub", shared, l2);
    b.addContact(a);
    b.addContact(c);
    l2.addContact(l1);
    assertFalse(r2Host.address().isEmpty());
  }

  @AfterAll
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  void awaitRelayConnected(NetPeer p) {
    await(p.host.name() + " connected to r1")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                p.network()
                    .matches("(?s).*\"address\":\"203.0.113.10:7779\",\"connected\":true.*"));
  }

  byte[] downloaded(NetPeer guest, NetPeer owner, String name) throws Exception {
    Path to = base.resolve(name);
    assertEquals(200, guest.download(owner, "pub", "data.bin", to).status());
    return Files.readAllBytes(to);
  }

  @Test
  @Order(1)
  void peersOnOneLanFindEachOtherByMdnsWithoutAnyRelay() throws Exception {
    await("l1 seen on the LAN")
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> l2.status(l1).contains("\"reachable\":true"));
    assertTrue(l2.status(l1).contains("\"route\":\"LAN 10.3.0.10:7778\""), l2.status(l1));
    assertArrayEquals(FILE, downloaded(l2, l1, "lan.bin"));
  }

  @Test
  @Order(2)
  void peersBehindConeNatsHolePunchAndTransferWithoutTheRelay() throws Exception {
    awaitRelayConnected(a);
    awaitRelayConnected(b);
    assertTrue(
        b.network().contains("\"address\":\"203.0.113.11:7779\",\"connected\":false"),
        "r2 is down: " + b.network());
    await("a reachable from b")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> b.status(a).contains("\"reachable\":true"));
    assertTrue(b.status(a).contains("hole-punched 203.0.113.21:"), b.status(a));

    Capture wire = r1Host.capture("eth0", base.resolve("punched.pcap"));
    byte[] got = downloaded(b, a, "punched.bin");
    Path pcap = wire.stop();
    assertArrayEquals(FILE, got);
    assertTrue(
        Files.size(pcap) < FILE.length / 8,
        "the file did not flow through the relay host: " + Files.size(pcap));
  }

  @Test
  @Order(3)
  void symmetricNatFallsBackToTheRelayWhichSeesOnlyCiphertext() throws Exception {
    awaitRelayConnected(c);
    await("c reachable from b")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> b.status(c).contains("\"reachable\":true"));
    assertTrue(b.status(c).contains("relayed via 203.0.113.10:7779"), b.status(c));

    Capture wire = r1Host.capture("eth0", base.resolve("relayed.pcap"));
    byte[] got = downloaded(b, c, "relayed.bin");
    Path pcap = wire.stop();
    assertArrayEquals(FILE, got);
    assertTrue(
        Files.size(pcap) > FILE.length, "the file did cross the relay host: " + Files.size(pcap));
    assertFalse(Pcap.contains(pcap, MARKER), "plaintext crossed the relay");
  }

  @Test
  @Order(4)
  void peersReconnectOnTheirOwnAfterTheRelayRestarts() throws Exception {
    r1.stop();
    await("b sees r1 down")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> b.network().contains("\"address\":\"203.0.113.10:7779\",\"connected\":false"));
    r1.start();
    awaitRelayConnected(b);
    awaitRelayConnected(c);
    assertArrayEquals(FILE, downloaded(b, c, "after-restart.bin"));
  }
}
