package dev.drawbridge.web;

import java.nio.charset.StandardCharsets;

/** Builds {@code Content-Disposition: attachment} with an RFC 6266/8187 UTF-8 file name. */
final class ContentDisposition {
  private ContentDisposition() {}

  static String attachment(String fileName) {
    StringBuilder ascii = new StringBuilder();
    StringBuilder ext = new StringBuilder();
    for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean attrChar =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$&+-.^_`|~".indexOf(c) >= 0;
      ext.append(attrChar ? String.valueOf((char) c) : String.format("%%%02X", c));
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_');
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + ext;
  }
}
