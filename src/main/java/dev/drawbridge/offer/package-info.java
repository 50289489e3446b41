/**
 * Push offers: a contact sends files without a share. The receiver's {@link
 * dev.drawbridge.offer.Inbox} holds each offer until the owner accepts or rejects it file by file;
 * the sender's {@link dev.drawbridge.offer.Outbox} uploads what was accepted. Flow: {@link
 * dev.drawbridge.offer.OfferResponder}.
 */
package dev.drawbridge.offer;
