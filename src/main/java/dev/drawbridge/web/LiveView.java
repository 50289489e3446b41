package dev.drawbridge.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What a page on the live channel shows: the Transfers list (with its filter), one job, or the
 * offers page ({@code ?offers=1}), or the uploads into one contact's share ({@code
 * ?uploads=peerId/share}, a browse page).
 */
record LiveView(String filter, String transfer, boolean offers, String uploads) {
  static LiveView of(String query) {
    String filter = null;
    String transfer = null;
    boolean offers = false;
    String uploads = null;
    for (String pair : query == null ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (key.equals("filter")) {
        filter = value;
      } else if (key.equals("transfer")) {
        transfer = value;
      } else if (key.equals("offers")) {
        offers = true;
      } else if (key.equals("uploads")) {
        uploads = value;
      }
    }
    return new LiveView(
        TransferFilter.name(filter),
        transfer == null || transfer.isBlank() ? null : transfer,
        offers,
        uploads == null || uploads.isBlank() ? null : uploads);
  }

  boolean oneJob() {
    return transfer != null;
  }
}
