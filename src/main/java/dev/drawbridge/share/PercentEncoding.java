package dev.drawbridge.share;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict RFC 3986 percent-encoding of one path segment, UTF-8.
 *
 * <p>Decoding is deliberately unforgiving: a lenient decoder (one that passes a bad escape through,
 * or maps invalid UTF-8 to U+FFFD, or accepts overlong forms) lets a peer smuggle a name past the
 * checks in one spelling and have it mean something else later. So every oddity is a refusal.
 */
final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /** Decodes one segment (which must not contain a literal '/'); '+' stays a literal plus. */
  static String decodeSegment(String raw) throws BadPathException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '%') {
        // Two ASCII hex digits must follow; Character.digit alone would also take e.g. fullwidth
        // digits.
        if (i + 2 >= raw.length()
            || !isAsciiHex(raw.charAt(i + 1))
            || !isAsciiHex(raw.charAt(i + 2))) {
          throw new BadPathException("malformed percent-escape");
        }
        int b =
            Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16);
        // Refuse these by their escaped form too, with a clear reason: they are the classic ways to
        // hide a separator or terminator from a check that runs before decoding.
        if (b == '/') {
          throw new BadPathException("encoded slash");
        }
        if (b == '\\') {
          throw new BadPathException("encoded backslash");
        }
        if (b == 0) {
          throw new BadPathException("encoded NUL");
        }
        bytes.write(b);
        i += 3;
      } else {
        // Some clients send raw non-ASCII; take it as its UTF-8 bytes, refusing lone surrogates.
        int end = i;
        while (end < raw.length() && raw.charAt(end) != '%') {
          end++;
        }
        bytes.writeBytes(encodeStrict(raw.substring(i, end)));
        i = end;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadPathException("not valid UTF-8");
    }
  }

  /** Encodes one segment, leaving only RFC 3986 unreserved characters bare (safe in any URL). */
  static String encodeSegment(String segment) {
    byte[] utf8 = segment.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length * 3);
    for (byte value : utf8) {
      int b = value & 0xFF;
      if (isUnreserved(b)) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  private static byte[] encodeStrict(String s) throws BadPathException {
    try {
      ByteBuffer buf =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new BadPathException("not valid Unicode");
    }
  }

  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isUnreserved(int b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '.'
        || b == '_'
        || b == '~';
  }
}
