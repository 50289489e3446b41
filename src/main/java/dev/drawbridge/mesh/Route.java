package dev.drawbridge.mesh;

/** How a link reaches its peer, for the owner to see and for choosing better paths. */
public record Route(Kind kind, String via) {
  public enum Kind {
    LAN("LAN"),
    DIRECT("direct"),
    PUNCHED("hole-punched"),
    RELAYED("relayed");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** True when bytes go straight between the two peers (no relay in the middle). */
  public boolean isDirect() {
    return kind != Kind.RELAYED;
  }

  @Override
  public String toString() {
    return kind == Kind.RELAYED ? "relayed via " + via : kind.label + " " + via;
  }
}
