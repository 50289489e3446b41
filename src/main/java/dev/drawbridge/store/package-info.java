/**
 * The peer's state: one SQLite file (WAL) under the data dir, migrated by Flyway before anything
 * uses it, and the SQL side of the stores lower packages define (manifests, download jobs).
 * {@link dev.drawbridge.store.DatabaseBootstrap} moves a broken file aside or falls back to an
 * in-memory database so the peer always starts; callers read its outcome to tell the user.
 */
package dev.drawbridge.store;
