package dev.drawbridge.node;

import dev.drawbridge.mesh.AddressBook;
import dev.drawbridge.offer.OfferStore;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.upload.ArrivalLog;
import dev.drawbridge.upload.UploadStore;

/**
 * What a peer reads from its owner's state: who may see which share, the contacts' address hints,
 * hashed manifests, saved settings, the log of files that arrived, the unfinished uploads into this
 * host, and push offers received and sent. The caller opens and loads them; the node only reads and
 * writes.
 */
public record NodeStores(
    ShareAccess shares,
    AddressBook contacts,
    ManifestStore manifests,
    SettingStore settings,
    ArrivalLog arrivals,
    UploadStore uploads,
    OfferStore offers) {
  /** Unfinished uploads and offers kept in memory only (they do not survive a restart). */
  public NodeStores(
      ShareAccess shares,
      AddressBook contacts,
      ManifestStore manifests,
      SettingStore settings,
      ArrivalLog arrivals) {
    this(
        shares,
        contacts,
        manifests,
        settings,
        arrivals,
        UploadStore.inMemory(),
        OfferStore.inMemory());
  }

  /** Offers kept in memory only (tests, tools). */
  public NodeStores(
      ShareAccess shares,
      AddressBook contacts,
      ManifestStore manifests,
      SettingStore settings,
      ArrivalLog arrivals,
      UploadStore uploads) {
    this(shares, contacts, manifests, settings, arrivals, uploads, OfferStore.inMemory());
  }
}
