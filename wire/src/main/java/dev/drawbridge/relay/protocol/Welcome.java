package dev.drawbridge.relay.protocol;

/**
 * The relay's greeting: where to open circuits and rendezvous, and the control connection's source
 * address as the relay saw it ("ip:port"), i.e. this peer's address beyond its NAT.
 */
public record Welcome(int circuitPort, String observedAddress) {}
