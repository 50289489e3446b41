/**
 * Content coding of chunk reads: whether a chunk is worth compressing ({@link
 * dev.drawbridge.peerapi.coding.ChunkCoding}, the host's decision and its memory per file version),
 * which data never is ({@link dev.drawbridge.peerapi.coding.CompressedFormats}), and zstd itself,
 * with decompression bounded by the length the receiver asked for ({@link
 * dev.drawbridge.peerapi.coding.ZstdCodec}).
 */
package dev.drawbridge.peerapi.coding;
