/**
 * The peer's state: one SQLite file (WAL) under the data dir, migrated by Flyway before anything
 * uses it. {@link dev.drawbridge.store.DatabaseBootstrap} moves a broken file aside or falls back
 * to an in-memory database so the peer always starts; callers read {@link
 * dev.drawbridge.store.DatabaseBootstrap#outcome()} to tell the user.
 */
package dev.drawbridge.store;
