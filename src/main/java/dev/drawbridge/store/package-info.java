/**
 * The peer's state: one SQLite file (WAL) under the data dir, migrated by Flyway before anything
 * uses it, and the Panache implementations of the other parts' store interfaces (shares, contacts,
 * settings, manifests). {@link DatabaseBootstrap} moves a broken file aside or falls back to an
 * in-memory database so the peer always starts; callers read {@link DatabaseBootstrap#outcome()}.
 */
package dev.drawbridge.store;
