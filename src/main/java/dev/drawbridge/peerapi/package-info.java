/**
 * What peers serve each other over the mesh (peer API v1): the shares a caller is granted, folder
 * listings and file bytes with Range/ETag, manifests, and exact chunks that may travel zstd-coded
 * ({@link dev.drawbridge.peerapi.ChunkResponder}). Grants are checked first, so an ungranted caller
 * sees the same 404 for everything. {@link dev.drawbridge.peerapi.PeerApiClient} and {@link
 * dev.drawbridge.peerapi.ChunkReads} are the calling side.
 */
package dev.drawbridge.peerapi;
