package dev.drawbridge.identity;

/**
 * A deterministic SVG avatar: a left-right symmetric 5x5 identicon whose hue and pattern come from
 * the SHA-256 of the key. The SVG is built only from numbers and colours computed here, never from
 * outside text, so it is safe to inline into a page.
 */
public final class Avatar {

  private static final int SIZE = 5;
  private static final int HALF = (SIZE + 1) / 2; // columns 0..2; 3 and 4 mirror 1 and 0

  private Avatar() {}

  public static String svg(PeerId id) {
    // DisplayName uses bytes 0-5 of the same hash; the avatar takes later ones.
    byte[] hash = DisplayName.sha256(id.rawKey());
    int hue = ((hash[6] & 0xFF) << 8 | (hash[7] & 0xFF)) % 360;
    int pattern = (hash[8] & 0xFF) << 8 | (hash[9] & 0xFF);
    if ((pattern & 0x7FFF) == 0) {
      pattern = ~pattern; // an empty square would not tell anyone anything
    }
    StringBuilder svg =
        new StringBuilder(1024)
            .append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 5 5\"")
            .append(" width=\"64\" height=\"64\" shape-rendering=\"crispEdges\">")
            .append("<rect width=\"5\" height=\"5\" fill=\"")
            .append(hslToHex(hue, 0.35, 0.92))
            .append("\"/>")
            .append("<g fill=\"")
            .append(hslToHex(hue, 0.65, 0.42))
            .append("\">");
    for (int row = 0; row < SIZE; row++) {
      for (int column = 0; column < HALF; column++) {
        if ((pattern >>> (row * HALF + column) & 1) == 1) {
          cell(svg, column, row);
          if (column != SIZE - 1 - column) {
            cell(svg, SIZE - 1 - column, row);
          }
        }
      }
    }
    return svg.append("</g></svg>").toString();
  }

  private static void cell(StringBuilder svg, int x, int y) {
    svg.append("<rect x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"1\" height=\"1\"/>");
  }

  /** "#rrggbb" for a hue in degrees; hex rather than hsl() because SVG 1.1 viewers lack hsl(). */
  static String hslToHex(int hue, double saturation, double lightness) {
    double chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
    double x = chroma * (1 - Math.abs((hue / 60.0) % 2 - 1));
    double m = lightness - chroma / 2;
    double[] rgb =
        switch (hue / 60) {
          case 0 -> new double[] {chroma, x, 0};
          case 1 -> new double[] {x, chroma, 0};
          case 2 -> new double[] {0, chroma, x};
          case 3 -> new double[] {0, x, chroma};
          case 4 -> new double[] {x, 0, chroma};
          default -> new double[] {chroma, 0, x};
        };
    return String.format(
        "#%02x%02x%02x", channel(rgb[0] + m), channel(rgb[1] + m), channel(rgb[2] + m));
  }

  private static int channel(double value) {
    return (int) Math.round(Math.max(0, Math.min(1, value)) * 255);
  }
}
