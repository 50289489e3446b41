/**
 * Downloads that never lose a byte: a file's chunk manifest from the host, chunks fetched in
 * parallel and verified on arrival into a hidden partial file, the whole file verified, then moved
 * into place atomically. Resumable from the last verified chunk. Persistence and scheduling of jobs
 * are left to callers (the Quarkus side), through {@link dev.drawbridge.transfer.ChunkLedger}.
 */
package dev.drawbridge.transfer;
