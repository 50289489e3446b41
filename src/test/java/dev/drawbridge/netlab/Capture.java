package dev.drawbridge.netlab;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A running tcpdump; {@link #stop()} ends it so the pcap is complete before anyone reads it.
 *
 * <p>Why a sentinel: on SIGTERM tcpdump exits without draining the kernel's capture ring, so the
 * last packets (often exactly the ones a test cares about) went missing in a first version. {@link
 * #stop()} therefore first sends one marked ICMP broadcast out of the captured interface and waits
 * until that marker is in the file: everything sent before it is then on disk too.
 */
public final class Capture implements AutoCloseable {
  private final Host host;
  private final String iface;
  private final Process process;
  private final Path pcap;
  private final Path log;

  Capture(Host host, String iface, Process process, Path pcap, Path log) {
    this.host = host;
    this.iface = iface;
    this.process = process;
    this.pcap = pcap;
    this.log = log;
  }

  /** tcpdump says "listening on" once its socket is open: packets before that would be missed. */
  Capture awaitListening() {
    await("tcpdump listening (" + log + ")")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "tcpdump exited " + process.exitValue() + ": " + Files.readString(log));
              }
              return Files.exists(log) && Files.readString(log).contains("listening on");
            });
    return this;
  }

  public Path pcap() {
    return pcap;
  }

  /** Flushes (see above), then SIGTERM: tcpdump closes the file. Idempotent; returns the pcap. */
  public Path stop() {
    if (process.isAlive()) {
      flushWithSentinel();
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return pcap;
  }

  private void flushWithSentinel() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String hex = HexFormat.of().formatHex(random);
    // Limited broadcast bound to the interface needs no route and no ARP; nobody replies (hosts
    // ignore
    // broadcast pings by default), hence the short -W: the packet is out as soon as ping starts.
    host.exec(
        Duration.ofSeconds(5),
        "ping",
        "-b",
        "-c1",
        "-W0.05",
        "-q",
        "-I",
        iface,
        "-p",
        hex,
        "255.255.255.255");
    try {
      await("capture sentinel in " + pcap)
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> Pcap.contains(pcap, random));
    } catch (ConditionTimeoutException e) {
      // Not fatal: a capture on an interface that cannot send (e.g. down) is still returned.
      System.err.println(
          "netlab: capture sentinel not seen on "
              + iface
              + " in "
              + host
              + "; pcap may miss the last packets");
    }
  }

  /** tcpdump's own summary, e.g. "12 packets captured" (useful in assertion messages). */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
  }
}
