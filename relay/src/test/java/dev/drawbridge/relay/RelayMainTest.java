package dev.drawbridge.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayMainTest {

    @Test
    void commandLineOverridesEnvironment() {
        Map<String, String> options = RelayMain.options(
                new String[] {"--control-port", "9000", "--host=127.0.0.1"},
                Map.of("DRAWBRIDGE_RELAY_CONTROL_PORT", "8000", "DRAWBRIDGE_RELAY_DATA_DIR", "/data"));
        assertEquals("9000", options.get("control-port"));
        assertEquals("127.0.0.1", options.get("host"));
        assertEquals("/data", options.get("data-dir"));
    }

    @Test
    void refusesUnknownOptions() {
        assertThrows(IllegalArgumentException.class, () -> RelayMain.options(new String[] {"--bogus", "1"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> RelayMain.options(new String[] {"--host"}, Map.of()));
    }
}
