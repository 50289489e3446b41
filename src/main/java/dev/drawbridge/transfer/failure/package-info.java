/**
 * What went wrong with a download, as a closed set of types named for what happened (disk, peer
 * gone, file changed, not granted, corrupt, over a limit...), each deciding retry or fail and
 * saying so in a sentence for a person. {@link dev.drawbridge.transfer.failure.Failures} classifies
 * what the lower layers throw by type and status; what to do with the answer is left to the job
 * that asked.
 */
package dev.drawbridge.transfer.failure;
