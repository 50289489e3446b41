package dev.drawbridge.offer;

/** The inbox said no: an HTTP status, an error code and a message a person can act on. */
public final class OfferRefused extends RuntimeException {
  private final int status;
  private final String code;

  public OfferRefused(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static OfferRefused notFound() {
    return new OfferRefused(404, "not_found", "not found");
  }

  static OfferRefused bad(String message) {
    return new OfferRefused(400, "bad_request", message);
  }
}
