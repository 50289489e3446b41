package dev.drawbridge.netlab;

/** How a {@link Router} maps LAN connections to its public address. */
public enum Nat {
  /**
   * MASQUERADE: keeps the source port when free, same mapping for every destination (hole punching
   * works).
   */
  CONE,
  /**
   * MASQUERADE --random-fully: a new random port per connection (hole punching must fail; relay
   * needed).
   */
  SYMMETRIC
}
