package dev.drawbridge.node;

import dev.drawbridge.mesh.MeshOptions;
import dev.drawbridge.peerapi.coding.Compression;
import java.util.List;

/**
 * How a peer runs: its mesh listener, whether it uses multicast DNS on the LAN, the relays to use
 * until the owner saves another list, and zstd on chunk reads (both ways) with the serving level.
 */
public record NodeOptions(
    MeshOptions mesh,
    boolean mdnsEnabled,
    List<String> relays,
    Compression compression,
    int compressionLevel) {
  public NodeOptions {
    relays = List.copyOf(relays);
  }
}
