/**
 * Download jobs: what the owner asked for (a file or a folder of a contact's share), scheduling,
 * retries and per-file control, and the event stream the UI watches. Plain Java on Vert.x, no CDI:
 * persistence is left to a {@link dev.drawbridge.transfer.job.JobStore} and wiring to the caller.
 */
package dev.drawbridge.transfer.job;
