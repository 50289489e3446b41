package dev.drawbridge.node;

import dev.drawbridge.mesh.AddressBook;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.upload.ArrivalLog;
import dev.drawbridge.upload.UploadStore;

/**
 * What a peer reads from its owner's state: who may see which share, the contacts' address hints,
 * hashed manifests, saved settings, the log of files that arrived and the unfinished uploads into
 * this host. The caller opens and loads them; the node only reads and writes.
 */
public record NodeStores(
    ShareAccess shares,
    AddressBook contacts,
    ManifestStore manifests,
    SettingStore settings,
    ArrivalLog arrivals,
    UploadStore uploads) {
  /** Unfinished uploads kept in memory only (they do not survive a restart). */
  public NodeStores(
      ShareAccess shares,
      AddressBook contacts,
      ManifestStore manifests,
      SettingStore settings,
      ArrivalLog arrivals) {
    this(shares, contacts, manifests, settings, arrivals, UploadStore.inMemory());
  }
}
