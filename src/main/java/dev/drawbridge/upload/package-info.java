/**
 * Receiving files: the host side of uploads into READ_WRITE shares (resumable, verified, placed
 * atomically, never overwriting by default) and what arrived, from whom. The peer API routes
 * requests here after the grant check; callers own persistence (the upload store, {@link
 * ArrivalLog}) and the owner's limits.
 */
package dev.drawbridge.upload;
