package dev.drawbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The peer's runnable app as the README runs it: it carries what peers speak (identity, relay
 * frames, relay client) but none of the relay server, which is its own deployable (relay/).
 */
class PackagedAppIT {
  static final Path APP =
      Path.of(System.getProperty("drawbridge.app.jar", "target/quarkus-app/quarkus-run.jar"))
          .getParent();

  @Test
  void containsNoRelayServerClasses() throws IOException {
    List<String> server = classesIn(APP).stream().filter(PackagedAppIT::isRelayServer).toList();
    assertEquals(List.of(), server, "relay server classes in the peer's app");
  }

  @Test
  void containsTheWireItSpeaks() throws IOException {
    List<String> classes = classesIn(APP);
    assertTrue(classes.contains("dev/drawbridge/identity/PeerId.class"), "identity missing");
    assertTrue(
        classes.contains("dev/drawbridge/relay/client/RelayClient.class"), "relay client missing");
    assertTrue(
        classes.contains("dev/drawbridge/relay/protocol/Frames.class"), "relay frames missing");
  }

  /** The server is the package dev.drawbridge.relay itself; its subpackages are the shared wire. */
  static boolean isRelayServer(String entry) {
    return entry.startsWith("dev/drawbridge/relay/")
        && entry.indexOf('/', "dev/drawbridge/relay/".length()) < 0;
  }

  static List<String> classesIn(Path app) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(app)) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
        try (JarFile j = new JarFile(jar.toFile())) {
          j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(out::add);
        }
      }
    }
    assertTrue(out.size() > 1000, "expected the packaged app under " + app);
    return out;
  }
}
