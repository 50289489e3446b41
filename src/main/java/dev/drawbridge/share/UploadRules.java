package dev.drawbridge.share;

/**
 * What the owner allows guests with a READ_WRITE grant to add to one share. A limit of 0 means "no
 * limit"; the disk-free reserve is always kept.
 *
 * @param allowReplace an existing file may be replaced, and then only with {@code If-Match} of its
 *     current ETag; otherwise an existing name is refused (409) and nothing is ever overwritten
 * @param maxFileBytes largest single file a guest may upload
 * @param quotaBytes bytes guests may add to this share in total (counted from its arrivals)
 * @param quotaFiles files guests may add to this share in total (counted from its arrivals)
 * @param reserveBytes free space an upload must leave on the share's disk
 */
public record UploadRules(
    boolean allowReplace, long maxFileBytes, long quotaBytes, long quotaFiles, long reserveBytes) {
  /** No replacing, no size or quota limits, 1 GiB of the disk kept free. */
  public static final UploadRules DEFAULT = new UploadRules(false, 0, 0, 0, 1L << 30);

  public UploadRules {
    if (maxFileBytes < 0 || quotaBytes < 0 || quotaFiles < 0 || reserveBytes < 0) {
      throw new IllegalArgumentException("upload limits cannot be negative");
    }
  }
}
