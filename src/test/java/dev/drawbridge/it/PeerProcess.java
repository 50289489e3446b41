package dev.drawbridge.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real peer: the packaged application started as its own process, with its own data dir and
 * ports, exactly as the README's run command starts it. Stopped by PID.
 */
public final class PeerProcess implements AutoCloseable {
  private final String label;
  private Process process;
  private final int uiPort;
  private final int meshPort;
  private final Path dataDir;
  private final java.util.Map<String, String> env;
  private String peerId;

  private PeerProcess(
      String label, int uiPort, int meshPort, Path dataDir, java.util.Map<String, String> env) {
    this.label = label;
    this.uiPort = uiPort;
    this.meshPort = meshPort;
    this.dataDir = dataDir;
    this.env = env;
  }

  /** Starts a peer; does not wait (start several, then {@link #awaitReady()} each). */
  public static PeerProcess start(String label) throws IOException {
    Path base =
        Path.of("target", "it-peers", label + "-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    return start(label, Files.createDirectories(base.resolve("data")));
  }

  /** Starts a peer on an existing data dir (to restart a peer, or to start from prepared state). */
  public static PeerProcess start(String label, Path dataDir) throws IOException {
    return start(label, dataDir, java.util.Map.of());
  }

  /** As {@link #start(String, Path)}, with extra environment (e.g. DRAWBRIDGE_TRANSFERS_*). */
  public static PeerProcess start(
      String label, Path dataDir, java.util.Map<String, String> extraEnv) throws IOException {
    PeerProcess p = new PeerProcess(label, freePort(), freePort(), dataDir, extraEnv);
    p.launch();
    return p;
  }

  private void launch() throws IOException {
    Path base = dataDir.getParent();
    int ui = uiPort;
    int mesh = meshPort;
    String jar = System.getProperty("drawbridge.app.jar", "target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException("packaged peer not found at " + jar + " (run ./mvnw verify)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar);
    pb.environment().put("DRAWBRIDGE_DATA_DIR", dataDir.toString());
    pb.environment().put("DRAWBRIDGE_UI_PORT", Integer.toString(ui));
    pb.environment().put("DRAWBRIDGE_MESH_PORT", Integer.toString(mesh));
    pb.environment().put("DRAWBRIDGE_MESH_HOST", "127.0.0.1");
    // Loopback tests must not multicast on the machine's real network.
    pb.environment().put("DRAWBRIDGE_MDNS_ENABLED", "false");
    pb.environment().put("DRAWBRIDGE_TRANSFERS_DOWNLOAD_DIR", base.resolve("downloads").toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve(label + ".log").toFile()));
    process = pb.start();
  }

  /** Stops the peer like a power cut: SIGKILL, no shutdown hooks. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts the same peer again: same data dir, same ports, same identity. */
  public PeerProcess restart() throws IOException {
    launch();
    return awaitReady();
  }

  public PeerProcess awaitReady() {
    await(label + " ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(label + " exited with " + process.exitValue());
              }
              return given().baseUri(uiUrl()).get("/api/v1/identity").statusCode() == 200;
            });
    peerId = api().get("/api/v1/identity").path("peerId");
    return this;
  }

  public RequestSpecification api() {
    return given().baseUri(uiUrl()).urlEncodingEnabled(false);
  }

  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  public String peerId() {
    return peerId;
  }

  public String meshAddress() {
    return "127.0.0.1:" + meshPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Where "Download to this computer" puts files for this peer (unless the test overrides it). */
  public Path downloads() {
    return Path.of(
        env.getOrDefault(
            "DRAWBRIDGE_TRANSFERS_DOWNLOAD_DIR",
            dataDir.getParent().resolve("downloads").toString()));
  }

  public void share(String name, Path folder) {
    api()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"path\":\"" + folder.toAbsolutePath() + "\"}")
        .post("/api/v1/shares")
        .then()
        .statusCode(201);
  }

  public void grant(String share, PeerProcess peer, String access) {
    api()
        .contentType(ContentType.JSON)
        .body("{\"access\":\"" + access + "\"}")
        .put("/api/v1/shares/" + share + "/grants/" + peer.peerId())
        .then()
        .statusCode(201);
  }

  public void revoke(String share, PeerProcess peer) {
    api().delete("/api/v1/shares/" + share + "/grants/" + peer.peerId()).then().statusCode(204);
  }

  /** Adds {@code peer} as a contact, reachable at {@code address}. */
  public void addContact(String peerIdText, String address) {
    api()
        .contentType(ContentType.JSON)
        .body("{\"peerId\":\"" + peerIdText + "\",\"address\":\"" + address + "\"}")
        .post("/api/v1/contacts")
        .then()
        .statusCode(201);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
