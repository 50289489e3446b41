package dev.drawbridge.web;

import dev.drawbridge.transfer.job.TransferView;
import java.util.List;

/**
 * The Transfers page's filters (all, active, done, failed), for the page and its live updates
 * alike.
 */
final class TransferFilter {
  private TransferFilter() {}

  static String name(String filter) {
    return filter == null || filter.isBlank() ? "all" : filter;
  }

  static boolean matches(TransferView t, String filter) {
    return switch (name(filter)) {
      case "active" -> t.active();
      case "failed" -> t.state().equals("failed");
      case "done" -> t.state().equals("completed");
      default -> true;
    };
  }

  static List<TransferView> apply(List<TransferView> all, String filter) {
    return all.stream().filter(t -> matches(t, filter)).toList();
  }
}
