package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.http.HttpClient;

/**
 * A verified HTTP channel to one peer: requests sent through {@link #http()} reach exactly {@link
 * #peer()} over mutual TLS. {@link #route()} says how for the UI ("direct 192.0.2.1:7778").
 */
public record PeerLink(PeerId peer, HttpClient http, String route) {}
