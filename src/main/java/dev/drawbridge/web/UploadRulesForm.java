package dev.drawbridge.web;

import dev.drawbridge.share.UploadRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The share page's "Uploads" form as typed: sizes in words ("2 GB"), empty for no limit. Kept as
 * text so a refused form comes back with exactly what the owner typed.
 */
public record UploadRulesForm(
    boolean allowReplace, String maxFile, String quotaSize, String quotaFiles, String reserve) {

  static UploadRulesForm of(UploadRules r) {
    return new UploadRulesForm(
        r.allowReplace(),
        Sizes.exact(r.maxFileBytes()),
        Sizes.exact(r.quotaBytes()),
        r.quotaFiles() == 0 ? "" : Long.toString(r.quotaFiles()),
        Sizes.exact(r.reserveBytes()));
  }

  /** The rules, or every mistake at once in plain words (IllegalArgumentException). */
  UploadRules rules() {
    List<String> problems = new ArrayList<>();
    long max = size(maxFile, "Largest file", problems);
    long quota = size(quotaSize, "Total size guests may add", problems);
    long reserveBytes = size(reserve, "Keep free on disk", problems);
    long files = 0;
    if (quotaFiles != null && !quotaFiles.isBlank()) {
      try {
        files = Long.parseLong(quotaFiles.strip());
      } catch (NumberFormatException e) {
        files = -1;
      }
      if (files < 0) {
        problems.add(
            "Total files guests may add: \""
                + quotaFiles.strip()
                + "\" is not a whole number; leave it empty for no limit.");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join(" ", problems));
    }
    return new UploadRules(allowReplace, max, quota, files, reserveBytes);
  }

  private static long size(String typed, String what, List<String> problems) {
    try {
      return Sizes.parse(typed, what);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage() + ".");
      return 0;
    }
  }
}
