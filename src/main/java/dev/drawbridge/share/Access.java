package dev.drawbridge.share;

/** What a grant allows. There is no NONE: no grant row means no access (default deny). */
public enum Access {
  READ,
  READ_WRITE;

  public boolean allowsWrite() {
    return this == READ_WRITE;
  }
}
