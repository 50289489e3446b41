package dev.drawbridge.node;

import java.util.Optional;

/** Named owner settings that override the configured default once the owner changes them. */
public interface SettingStore {
  Optional<String> read(String name);

  void write(String name, String value);
}
