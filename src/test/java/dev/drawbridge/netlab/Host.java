package dev.drawbridge.netlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A machine in the lab: one network namespace. Everything runs through {@code ip netns exec}, so
 * the test JVM (root namespace) reaches a peer's loopback-only API with {@link #http}.
 */
public class Host {
  private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);
  private final NetLab lab;
  private final String name;
  private final String namespace;
  private final String address;

  Host(NetLab lab, String name, String namespace, String address) {
    this.lab = lab;
    this.name = name;
    this.namespace = namespace;
    this.address = address;
  }

  public String name() {
    return name;
  }

  /** The namespace name, e.g. for {@code ip netns exec} by hand while debugging a paused test. */
  public String namespace() {
    return namespace;
  }

  /**
   * The address of its (first) interface: eth0 for hosts, wan0 (the public address) for routers.
   */
  public String address() {
    return address;
  }

  /** Runs a short command inside this host, waits at most 30 s (then kills it: exit 124). */
  public ExecResult exec(String... cmd) {
    return exec(EXEC_TIMEOUT, cmd);
  }

  public ExecResult exec(Duration timeout, String... cmd) {
    return Cmd.run(timeout, lab.inNamespace(namespace, List.of(cmd)));
  }

  /**
   * Starts a long-running process inside this host, stdout and stderr appended to {@code log};
   * stdin stays a pipe. The lab stops it (by PID) on close; stop it earlier yourself if you like.
   */
  public Process spawn(Map<String, String> env, Path log, String... cmd) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder pb = new ProcessBuilder(lab.inNamespace(namespace, List.of(cmd)));
      pb.environment().putAll(env);
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return lab.track(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + List.of(cmd) + " in " + name, e);
    }
  }

  /**
   * Runs {@code main} (JDK-only test class) to completion here, like {@link #exec}: a short probe.
   */
  public ExecResult execJava(Duration timeout, Class<?> main, String... args) {
    return exec(timeout, javaCommand(main, args));
  }

  /**
   * Starts {@code main} (a class of the test sources using only the JDK) in a small JVM here. The
   * test-classes directory is the classpath: Failsafe's own classpath may be a manifest-only jar.
   */
  public Process spawnJava(Path log, Class<?> main, String... args) {
    return spawn(Map.of(), log, javaCommand(main, args));
  }

  /** A small, quick-starting JVM: probes live for seconds, so C1 only and a small heap. */
  private static String[] javaCommand(Class<?> main, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-Djava.net.preferIPv4Stack=true",
                "-cp",
                classesDir(main),
                main.getName()));
    cmd.addAll(List.of(args));
    return cmd.toArray(String[]::new);
  }

  /**
   * An HTTP request made with curl from inside this host (so {@code http://127.0.0.1:port} is this
   * host's loopback). {@code jsonBody} null means no body. Status 0: no HTTP answer (body: curl's
   * error).
   */
  public HttpResult http(String method, String url, String jsonBody) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                curl(),
                "-sS",
                "-o",
                "-",
                "-w",
                "\n%{http_code}",
                "--max-time",
                "20",
                "-X",
                method));
    if (jsonBody != null) {
      cmd.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", jsonBody));
    }
    cmd.add(url);
    ExecResult r = exec(Duration.ofSeconds(25), cmd.toArray(String[]::new));
    String out = r.stdout();
    int nl = out.lastIndexOf('\n');
    int status = parseStatus(out.substring(nl + 1));
    String body = nl < 0 ? "" : out.substring(0, nl);
    return new HttpResult(status, status == 0 ? r.stderr().strip() : body);
  }

  /**
   * GETs {@code url} from inside this host into {@code file} (curl -o), for big files; no overall
   * time limit but 10 min.
   */
  public HttpResult download(String url, Path file) {
    ExecResult r =
        exec(
            Duration.ofMinutes(10),
            curl(),
            "-sS",
            "-o",
            file.toAbsolutePath().toString(),
            "-w",
            "%{http_code}",
            "--connect-timeout",
            "20",
            url);
    int status = parseStatus(r.stdout());
    return new HttpResult(status, status == 0 ? r.stderr().strip() : "");
  }

  /**
   * Starts {@code tcpdump -i iface -w pcap -U} here and returns once it is capturing. See {@link
   * Pcap#contains} for searching the result.
   */
  public Capture capture(String iface, Path pcap) {
    String tcpdump = Cmd.find("tcpdump").orElse(null);
    if (tcpdump == null) {
      Assumptions.abort("tcpdump not installed; run .ci/install-test-tools");
    }
    Path log = pcap.resolveSibling(pcap.getFileName() + ".log");
    // -Z root: Debian's tcpdump otherwise drops to user tcpdump and may not write the pcap file.
    // --immediate-mode: hand each packet over at once, not in ~1 s blocks (stop() would wait for
    // them).
    Process p =
        spawn(
            Map.of(),
            log,
            tcpdump,
            "-i",
            iface,
            "-w",
            pcap.toAbsolutePath().toString(),
            "-U",
            "--immediate-mode",
            "-n",
            "-Z",
            "root");
    return new Capture(this, iface, p, pcap, log).awaitListening();
  }

  @Override
  public String toString() {
    return name + "(" + address + " in " + namespace + ")";
  }

  private static int parseStatus(String s) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String curl() {
    String curl = Cmd.find("curl").orElse(null);
    if (curl == null) {
      Assumptions.abort("curl not installed; run .ci/install-test-tools");
    }
    return curl;
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String classesDir(Class<?> main) {
    try {
      return Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
