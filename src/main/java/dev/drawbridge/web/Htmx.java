package dev.drawbridge.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Supplier;

/**
 * htmx's side of a request in one place: whether htmx sent it (HX-Request), and the answers that
 * differ with and without JavaScript. htmx gets a fragment (or HX-Redirect); a plain form gets a
 * redirect back to its page (POST/redirect/GET), so every page also works without JavaScript.
 */
@RequestScoped
public class Htmx {
  static final String REQUEST = "HX-Request";
  static final String REDIRECT = "HX-Redirect";

  @Inject HttpServerRequest request;

  /** True when htmx sent this request (the page asks for a fragment, not a whole page). */
  public boolean isRequest() {
    return isRequest(request.getHeader(REQUEST));
  }

  static boolean isRequest(String hxRequestHeader) {
    return hxRequestHeader != null;
  }

  /** htmx: the fragment; a plain form: back to {@code page}. */
  public Object fragmentOr(String page, Supplier<?> fragment) {
    return isRequest() ? fragment.get() : seeOther(page);
  }

  /**
   * htmx: the fragment (it shows the error inline); a plain form: back to {@code page}, or the
   * whole page with the error.
   */
  public Object fragmentOr(String page, String error, Supplier<?> fragment, Supplier<?> wholePage) {
    if (isRequest()) {
      return fragment.get();
    }
    return error == null ? seeOther(page) : wholePage.get();
  }

  /**
   * Sends the browser to another page: HX-Redirect for htmx (a full load), 303 for a plain form.
   */
  public Response redirect(String page) {
    return isRequest() ? Response.ok("").header(REDIRECT, page).build() : seeOther(page);
  }

  private static Response seeOther(String page) {
    return Response.seeOther(URI.create(page)).build();
  }
}
