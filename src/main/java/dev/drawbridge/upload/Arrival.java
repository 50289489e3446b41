package dev.drawbridge.upload;

/**
 * One file a peer added to a share (or, for a push offer, to the accepted folder): who, what, when.
 *
 * @param share the share name, or null for a file that arrived with a push offer
 * @param path the path inside the share (or the destination folder) as placed, '/' separated
 * @param peerId the sender's peer id text
 * @param bytes the placed file's size
 * @param sha256 the placed file's SHA-256, lowercase hex
 * @param replaced true when it replaced an existing file (If-Match on a share allowing it)
 * @param at when it was placed, epoch milliseconds
 */
public record Arrival(
    String share,
    String path,
    String peerId,
    long bytes,
    String sha256,
    boolean replaced,
    long at) {}
