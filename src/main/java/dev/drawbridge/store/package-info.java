/**
 * The peer's state: one SQLite file (WAL) under the data dir, migrated by Flyway before anything
 * uses it, and the SQL side of the store interfaces the other parts declare (shares, contacts,
 * settings, manifests, download jobs). {@link DatabaseBootstrap} moves a broken file aside or falls
 * back to an in-memory database so the peer always starts; callers read its outcome.
 */
package dev.drawbridge.store;
