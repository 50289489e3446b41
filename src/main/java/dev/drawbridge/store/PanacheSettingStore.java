package dev.drawbridge.store;

import dev.drawbridge.node.SettingStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Owner settings in the peer's SQLite database (table setting). */
@ApplicationScoped
public class PanacheSettingStore implements SettingStore {
  @Override
  public Optional<String> read(String name) {
    return Setting.read(name);
  }

  @Override
  public void write(String name, String value) {
    Setting.write(name, value);
  }
}
