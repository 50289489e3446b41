/**
 * Shares, grants and safe paths: what a remote peer may name inside a shared folder, and how that
 * name becomes a real file without escaping the folder. Callers do authorization before resolving.
 */
package dev.drawbridge.share;
