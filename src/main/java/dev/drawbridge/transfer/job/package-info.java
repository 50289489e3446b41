/**
 * Download jobs on the Quarkus side: what the owner asked for (a file or a folder of a contact's
 * share), its files and their verified chunks in SQLite, the append-only state history, scheduling
 * and retries, and the event stream the UI watches. The byte-moving engine is the CDI-free parent.
 */
package dev.drawbridge.transfer.job;
