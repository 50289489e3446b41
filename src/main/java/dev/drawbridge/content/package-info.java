/**
 * The vocabulary peerapi and transfer share: a file's {@link Manifest}, a batch's {@link
 * BatchEntry}, and the failures both sides name. Plain values only; serving them is peerapi's job
 * and fetching them transfer's.
 */
package dev.drawbridge.content;
