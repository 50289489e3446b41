package dev.drawbridge.mesh;

import static org.awaitility.Awaitility.await;

import dev.drawbridge.netlab.Host;
import dev.drawbridge.netlab.HttpResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real peer process inside a lab host's namespace, driven through its local API with curl there.
 */
final class NetPeer {
  static final String UI = "http://127.0.0.1:7777";
  final Host host;
  final Path dir;
  private Process process;
  String peerId;

  NetPeer(Host host, Path dir) {
    this.host = host;
    this.dir = dir;
  }

  static NetPeer start(Host host, Path base, String relays) throws Exception {
    NetPeer p = new NetPeer(host, Files.createDirectories(base.resolve(host.name())));
    Map<String, String> env = new HashMap<>();
    env.put("DRAWBRIDGE_DATA_DIR", p.dir.resolve("data").toString());
    env.put("DRAWBRIDGE_RELAYS", relays);
    String jar = System.getProperty("drawbridge.app.jar", "target/quarkus-app/quarkus-run.jar");
    String java = ProcessHandle.current().info().command().orElse("java");
    p.process =
        host.spawn(
            env,
            p.dir.resolve("peer.log"),
            java,
            "-Xmx192m",
            "-XX:TieredStopAtLevel=1",
            "-Djava.net.preferIPv4Stack=true",
            "-jar",
            Path.of(jar).toAbsolutePath().toString());
    return p;
  }

  NetPeer awaitReady() {
    await(host.name() + " ready")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    host.name() + " exited; see " + dir.resolve("peer.log"));
              }
              return call("GET", "/api/v1/identity", null).status() == 200;
            });
    String body = call("GET", "/api/v1/identity", null).body();
    peerId = body.replaceAll(".*\"peerId\"\\s*:\\s*\"([A-Z2-7]+)\".*", "$1");
    return this;
  }

  HttpResult call(String method, String path, String json) {
    return host.http(method, UI + path, json);
  }

  HttpResult expect(int status, String method, String path, String json) {
    HttpResult r = call(method, path, json);
    if (r.status() != status) {
      throw new AssertionError(
          host.name() + " " + method + " " + path + " → " + r.status() + " " + r.body());
    }
    return r;
  }

  void share(String name, Path folder, NetPeer guest) {
    expect(
        201,
        "POST",
        "/api/v1/shares",
        "{\"name\":\"" + name + "\",\"path\":\"" + folder.toAbsolutePath() + "\"}");
    expect(
        201, "PUT", "/api/v1/shares/" + name + "/grants/" + guest.peerId, "{\"access\":\"READ\"}");
  }

  /** Adds a contact by PeerId alone: no address hint. */
  void addContact(NetPeer other) {
    expect(201, "POST", "/api/v1/contacts", "{\"peerId\":\"" + other.peerId + "\"}");
  }

  String status(NetPeer other) {
    return call("GET", "/api/v1/contacts/" + other.peerId + "/status", null).body();
  }

  String network() {
    return call("GET", "/api/v1/network", null).body();
  }

  HttpResult download(NetPeer owner, String share, String file, Path to) {
    return host.download(
        UI + "/api/v1/contacts/" + owner.peerId + "/shares/" + share + "/" + file, to);
  }
}
