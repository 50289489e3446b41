/**
 * The host side of verified transfers: a file version's chunk manifest (1 MiB SHA-256 chunks plus
 * the whole-file SHA-256), hashed once in the background and kept in memory and in a {@link
 * dev.drawbridge.peerapi.manifest.ManifestStore}. CDI-free; the Quarkus store is in {@code store}.
 */
package dev.drawbridge.peerapi.manifest;
