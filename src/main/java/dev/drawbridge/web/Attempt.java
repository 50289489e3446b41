package dev.drawbridge.web;

import dev.drawbridge.share.ShareException;
import java.util.function.Supplier;

/**
 * A page's form action run for its inline error: the owner's input stays on the page with the
 * reason.
 */
final class Attempt {
  private Attempt() {}

  /**
   * Null when the action worked; otherwise the reason, in plain words. Other failures go to the
   * error mapper.
   */
  static String of(Supplier<?> action) {
    try {
      action.get();
      return null;
    } catch (ShareException | IllegalArgumentException e) {
      return LocalApiErrors.readable(e);
    }
  }
}
