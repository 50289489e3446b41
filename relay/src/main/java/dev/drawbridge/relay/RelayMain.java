package dev.drawbridge.relay;

import dev.drawbridge.identity.Identity;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code java -jar drawbridge-relay.jar [--data-dir DIR] [--control-port 7779] [--circuit-port
 * 7780] [--host 0.0.0.0]}; each option may also come from {@code DRAWBRIDGE_RELAY_DATA_DIR}, {@code
 * _CONTROL_PORT}, {@code _CIRCUIT_PORT}, {@code _HOST} (command line wins). The relay's identity
 * lives in {@code DIR/identity} and survives restarts, so peers can pin it.
 */
public final class RelayMain {

  private static final Logger LOG = Logger.getLogger(RelayMain.class);

  /** Every option; limits keep their documented defaults (relay/README.md) unless given. */
  static final Set<String> OPTIONS =
      Set.of(
          "data-dir",
          "control-port",
          "circuit-port",
          "host",
          "circuits-per-peer",
          "circuits-per-ip",
          "circuits-per-source",
          "circuits-total",
          "circuit-max-bytes",
          "circuit-max-seconds",
          "idle-timeout-seconds",
          "connections-per-ip-per-second",
          "connections-total");

  /** Above this max heap the relay warns at start: it needs far less, and RSS follows the heap. */
  static final long HEAP_WARN_BYTES = 512L << 20;

  /** The flags relay/README.md and relay/Dockerfile run the relay with. */
  static final String SMALL_HEAP_FLAGS = "-XX:+UseSerialGC -Xmx64m -XX:MaxDirectMemorySize=32m";

  private RelayMain() {}

  /** A warning when the JVM's max heap is large (no -Xmx: a quarter of RAM), else null. */
  static String heapWarning(long maxHeapBytes) {
    if (maxHeapBytes <= HEAP_WARN_BYTES) {
      return null;
    }
    return "Max heap is "
        + (maxHeapBytes >> 20)
        + " MiB: a relay needs far less, and under load its memory grows towards that. Run it with "
        + SMALL_HEAP_FLAGS
        + " (relay/README.md)";
  }

  public static void main(String[] args) throws Exception {
    Path dataDir;
    RelayConfig config;
    try {
      Map<String, String> options = options(args, System.getenv());
      dataDir = Path.of(options.getOrDefault("data-dir", "relay-data"));
      config =
          RelayConfig.defaults()
              .withHost(options.getOrDefault("host", "0.0.0.0"))
              .withPorts(
                  port(options, "control-port", RelayConfig.DEFAULT_CONTROL_PORT),
                  port(options, "circuit-port", RelayConfig.DEFAULT_CIRCUIT_PORT));
      config = limits(config, options);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: java -jar drawbridge-relay.jar [--data-dir DIR] [--control-port N]"
              + " [--circuit-port N] [--host ADDR] [--circuits-per-peer N] [--circuits-per-ip N]"
              + " [--circuits-per-source N] [--circuits-total N] [--circuit-max-bytes N] [--circuit-max-seconds N]"
              + " [--idle-timeout-seconds N] [--connections-per-ip-per-second N] [--connections-total N]");
      System.exit(2);
      return;
    }
    String heap = heapWarning(Runtime.getRuntime().maxMemory());
    if (heap != null) {
      LOG.warn(heap);
    }
    Identity identity = Identity.loadOrCreate(dataDir.resolve("identity"));
    Vertx vertx = Vertx.vertx();
    RelayServer server = new RelayServer(vertx, identity, config);
    try {
      server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.errorf("Relay could not start: %s", e.getCause() == null ? e : e.getCause());
      vertx.close();
      System.exit(1);
      return;
    }
    LOG.infof(
        "Relay PeerId %s (data in %s)", identity.peerId().grouped(), dataDir.toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Not via the logger: JUL's own shutdown hook may already have closed its
                  // handlers.
                  System.err.println("Stopping relay " + identity.peerId().shortForm());
                  try {
                    server
                        .stop()
                        .compose(v -> vertx.close())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("Relay did not stop cleanly: " + e);
                  }
                  stopped.countDown();
                },
                "relay-shutdown"));
    stopped.await();
  }

  /** Command-line options over environment variables; unknown options are an error. */
  static Map<String, String> options(String[] args, Map<String, String> env) {
    Map<String, String> out = new HashMap<>();
    for (String name : OPTIONS) {
      String value = env.get("DRAWBRIDGE_RELAY_" + name.replace('-', '_').toUpperCase(Locale.ROOT));
      if (value != null && !value.isBlank()) {
        out.put(name, value.trim());
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("missing value for " + arg);
      }
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option: --" + name);
      }
      out.put(name, value);
    }
    return out;
  }

  /** Applies the limit options (all positive numbers) over the defaults. */
  static RelayConfig limits(RelayConfig c, Map<String, String> o) {
    return c.withCircuitLimits(
            (int) number(o, "circuits-per-peer", c.circuitsPerTarget()),
            (int) number(o, "circuits-per-ip", c.circuitsPerSourceIp()),
            (int) number(o, "circuits-total", c.totalCircuits()),
            number(o, "circuit-max-bytes", c.bytesPerCircuit()),
            Duration.ofSeconds(
                number(o, "circuit-max-seconds", c.circuitMaxDuration().toSeconds())))
        .withTimeouts(
            c.pingInterval(),
            Duration.ofSeconds(
                number(o, "idle-timeout-seconds", c.controlIdleTimeout().toSeconds())),
            c.tlsHandshakeTimeout(),
            c.preambleTimeout(),
            c.pendingTimeout())
        .withConnectionLimits(
            (int) number(o, "connections-per-ip-per-second", c.connectionsPerIpPerSecond()),
            c.connectionBurstPerIp(),
            (int) number(o, "connections-total", c.totalConnections()))
        .withCircuitsPerSourcePeer(
            (int) number(o, "circuits-per-source", c.circuitsPerSourcePeer()));
  }

  private static long number(Map<String, String> options, String name, long fallback) {
    String text = options.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(text.trim());
      if (n < 1 || n > Integer.MAX_VALUE && !name.equals("circuit-max-bytes")) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a positive number, not " + text);
    }
  }

  private static int port(Map<String, String> options, String name, int fallback) {
    String text = options.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 0xFFFF) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a port number, not " + text);
    }
  }
}
