package dev.drawbridge.transfer.job;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Downloads capped at 4 MB/s, so a test can act on a file while it is in flight. */
public class SlowTransfers implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("drawbridge.transfers.max-bytes-per-second", "4000000");
  }
}
