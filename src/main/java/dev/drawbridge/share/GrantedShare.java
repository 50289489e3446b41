package dev.drawbridge.share;

import java.nio.file.Path;

/**
 * A share as one particular peer may use it: its name, where it lives here, and the access granted.
 */
public record GrantedShare(String name, Path folder, Access access) {}
