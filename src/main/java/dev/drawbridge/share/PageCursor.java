package dev.drawbridge.share;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque listing cursor: base64url (no padding) of a name's UTF-8. It carries a name rather
 * than an offset so paging stays correct while files are added or removed between requests.
 */
final class PageCursor {
  // 255 UTF-8 bytes encode to 340 base64 chars; anything longer cannot be one of ours.
  private static final int MAX_LENGTH = 340;

  private PageCursor() {}

  static String encode(String name) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  /** The name a cursor stands for; anything we could not have issued → "bad cursor". */
  static String decode(String cursor) {
    if (cursor.isEmpty() || cursor.length() > MAX_LENGTH || cursor.indexOf('=') >= 0) {
      throw bad();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw bad();
    }
    String name;
    try {
      name =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw bad();
    }
    // We only ever issue acceptable names; also rejects non-canonical base64 that decodes oddly.
    if (!SharePath.isAcceptableName(name) || !encode(name).equals(cursor)) {
      throw bad();
    }
    return name;
  }

  private static IllegalArgumentException bad() {
    return new IllegalArgumentException("bad cursor");
  }
}
