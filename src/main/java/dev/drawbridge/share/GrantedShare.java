package dev.drawbridge.share;

import java.nio.file.Path;

/**
 * A share as one particular peer may use it: its name, where it lives here, the access granted and
 * what uploads into it may do (only meaningful with {@link Access#READ_WRITE}).
 */
public record GrantedShare(String name, Path folder, Access access, UploadRules rules) {
  public GrantedShare(String name, Path folder, Access access) {
    this(name, folder, access, UploadRules.DEFAULT);
  }
}
