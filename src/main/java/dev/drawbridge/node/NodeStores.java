package dev.drawbridge.node;

import dev.drawbridge.mesh.AddressBook;
import dev.drawbridge.offer.OfferStore;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.upload.ArrivalLog;

/**
 * What a peer reads from its owner's state: who may see which share, the contacts' address hints,
 * hashed manifests, saved settings, the log of files that arrived, and push offers received and
 * sent. The caller opens and loads them; the node only reads and writes.
 */
public record NodeStores(
    ShareAccess shares,
    AddressBook contacts,
    ManifestStore manifests,
    SettingStore settings,
    ArrivalLog arrivals,
    OfferStore offers) {
  /** Offers kept in memory only (tests, tools). */
  public NodeStores(
      ShareAccess shares,
      AddressBook contacts,
      ManifestStore manifests,
      SettingStore settings,
      ArrivalLog arrivals) {
    this(shares, contacts, manifests, settings, arrivals, OfferStore.inMemory());
  }
}
