package dev.drawbridge.offer;

import java.util.Locale;

/** Where one offered file stands, as both sides see it ({@code "pending"} ... on the wire). */
public enum FileState {
  PENDING,
  ACCEPTED,
  REJECTED,
  COMPLETED,
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FileState ofWire(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }

  /** Nothing more will happen to this file. */
  public boolean settled() {
    return this == REJECTED || this == COMPLETED || this == FAILED;
  }
}
