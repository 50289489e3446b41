package dev.drawbridge.transfer;

import java.nio.file.Path;

/**
 * Where this computer held bytes with a known SHA-256 when they were recorded: {@code length} bytes
 * at {@code offset} of {@code file} (a real path, so a symlink swapped in later is noticed). Only a
 * hint: the bytes are read and hashed again before anything uses them.
 */
public record ChunkLocation(Path file, long offset, int length) {}
