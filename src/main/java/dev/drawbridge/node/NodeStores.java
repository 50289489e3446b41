package dev.drawbridge.node;

import dev.drawbridge.mesh.AddressBook;
import dev.drawbridge.peerapi.manifest.ManifestStore;
import dev.drawbridge.share.ShareAccess;
import dev.drawbridge.upload.ArrivalLog;

/**
 * What a peer reads from its owner's state: who may see which share, the contacts' address hints,
 * hashed manifests, saved settings, and the log of files that arrived. The caller opens and loads
 * them; the node only reads and writes.
 */
public record NodeStores(
    ShareAccess shares,
    AddressBook contacts,
    ManifestStore manifests,
    SettingStore settings,
    ArrivalLog arrivals) {}
