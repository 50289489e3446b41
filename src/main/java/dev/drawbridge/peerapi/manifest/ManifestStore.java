package dev.drawbridge.peerapi.manifest;

import dev.drawbridge.content.Manifest;
import java.util.Optional;

/**
 * Durable home of computed manifests, so a file hashed once is never hashed again for the same
 * version, even after a restart. Both methods may block (disk, database): call them off the event
 * loop. A store that fails should log and carry on: the cache can always recompute.
 */
public interface ManifestStore {
  Optional<Manifest> load(FileVersion version);

  void save(FileVersion version, Manifest manifest);

  /** No persistence: the in-memory LRU of {@link ManifestCache} is all there is. */
  ManifestStore NONE =
      new ManifestStore() {
        @Override
        public Optional<Manifest> load(FileVersion version) {
          return Optional.empty();
        }

        @Override
        public void save(FileVersion version, Manifest manifest) {}
      };
}
