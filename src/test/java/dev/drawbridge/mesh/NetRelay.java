package dev.drawbridge.mesh;

import dev.drawbridge.netlab.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real relay jar running on a lab host, stoppable and restartable by PID. */
final class NetRelay {
  static final Path JAR = Path.of("relay/target/drawbridge-relay.jar");
  final Host host;
  final Path dir;
  private Process process;

  NetRelay(Host host, Path base) throws Exception {
    this.host = host;
    this.dir = Files.createDirectories(base.resolve("relay-" + host.name()));
  }

  String address() {
    return host.address() + ":7779";
  }

  NetRelay start() {
    String java = ProcessHandle.current().info().command().orElse("java");
    process =
        host.spawn(
            Map.of(),
            dir.resolve("relay.log"),
            java,
            "-Xmx128m",
            "-Djava.net.preferIPv4Stack=true",
            "-jar",
            JAR.toAbsolutePath().toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--host",
            "0.0.0.0");
    return this;
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
