/**
 * Shares, grants and safe paths: what a remote peer may name inside a shared folder, and how that
 * name becomes a real file without escaping the folder. Callers do authorization before resolving;
 * the {@link ShareCatalog} keeps shares and grants behind a {@link ShareStore} the caller supplies.
 */
package dev.drawbridge.share;
