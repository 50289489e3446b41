package dev.drawbridge.offer;

/**
 * One file of an offer.
 *
 * @param n its number in the offer, from 0
 * @param path where the sender wants it, relative, '/' separated (checked with SharePath rules)
 * @param size its size in bytes as the sender stated it
 * @param sha256 its SHA-256 as lowercase hex, or null when the sender did not compute it
 * @param state where it stands
 * @param placedAs receiver: the path as placed inside the destination; sender: the local file
 */
public record OfferFile(
    int n, String path, long size, String sha256, FileState state, String placedAs) {
  public OfferFile with(FileState newState) {
    return new OfferFile(n, path, size, sha256, newState, placedAs);
  }

  public OfferFile placed(String where) {
    return new OfferFile(n, path, size, sha256, FileState.COMPLETED, where);
  }
}
