package dev.drawbridge.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayMainTest {

  @Test
  void commandLineOverridesEnvironment() {
    Map<String, String> options =
        RelayMain.options(
            new String[] {"--control-port", "9000", "--host=127.0.0.1"},
            Map.of("DRAWBRIDGE_RELAY_CONTROL_PORT", "8000", "DRAWBRIDGE_RELAY_DATA_DIR", "/data"));
    assertEquals("9000", options.get("control-port"));
    assertEquals("127.0.0.1", options.get("host"));
    assertEquals("/data", options.get("data-dir"));
  }

  @Test
  void refusesUnknownOptions() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RelayMain.options(new String[] {"--bogus", "1"}, Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> RelayMain.options(new String[] {"--host"}, Map.of()));
  }

  @Test
  void limitsComeFromOptionsAndEnvironment() {
    Map<String, String> options =
        RelayMain.options(
            new String[] {"--circuits-per-peer", "3", "--circuit-max-bytes=1099511627776"},
            Map.of("DRAWBRIDGE_RELAY_CONNECTIONS_TOTAL", "100"));
    RelayConfig c = RelayMain.limits(RelayConfig.defaults(), options);
    assertEquals(3, c.circuitsPerTarget());
    assertEquals(1L << 40, c.bytesPerCircuit());
    assertEquals(100, c.totalConnections());
    assertEquals(RelayConfig.defaults().circuitsPerSourceIp(), c.circuitsPerSourceIp());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RelayMain.limits(
                RelayConfig.defaults(),
                RelayMain.options(new String[] {"--circuits-total", "0"}, Map.of())));
  }

  @Test
  void warnsAtStartWhenTheMaxHeapIsLarge() {
    String warning = RelayMain.heapWarning(4L << 30);
    org.junit.jupiter.api.Assertions.assertNotNull(warning);
    org.junit.jupiter.api.Assertions.assertTrue(warning.contains("4096 MiB"), warning);
    org.junit.jupiter.api.Assertions.assertTrue(warning.contains("-Xmx64m"), warning);
    org.junit.jupiter.api.Assertions.assertNull(RelayMain.heapWarning(64L << 20));
  }
}
