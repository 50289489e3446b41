package dev.drawbridge.upload;

import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.UploadRules;
import java.nio.file.Path;

/**
 * Where one upload lands: a folder on this host (a share's folder, or the folder a push offer was
 * accepted into), the path inside it, the owner's rules for it, and the share name the arrival is
 * logged and counted under (null for an offer: no share quota applies).
 */
public record UploadTarget(Path root, SharePath path, String share, UploadRules rules) {}
