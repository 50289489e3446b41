package dev.drawbridge.peerapi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single HTTP byte range (RFC 9110 §14.1.2) resolved against a file length. Multi-range requests
 * are answered with the whole file, which the RFC allows and which keeps responses simple.
 */
public record ByteRange(long start, long endInclusive) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  public long length() {
    return endInclusive - start + 1;
  }

  /** Result of reading a Range header: no range (serve all), a range, or unsatisfiable (416). */
  public sealed interface Parsed permits Whole, Partial, Unsatisfiable {}

  public record Whole() implements Parsed {}

  public record Partial(ByteRange range) implements Parsed {}

  public record Unsatisfiable() implements Parsed {}

  public static Parsed parse(String header, long fileLength) {
    if (header == null) {
      return new Whole();
    }
    Matcher m = SINGLE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Whole(); // unknown unit, several ranges or junk: ignore Range
    }
    Optional<Long> first = number(m.group(1));
    Optional<Long> last = number(m.group(2));
    if (first.isEmpty() && m.group(1).length() > 0 || last.isEmpty() && m.group(2).length() > 0) {
      return new Unsatisfiable(); // overflowing numbers
    }
    if (first.isEmpty()) { // suffix: last N bytes
      long n = last.get();
      if (n == 0 || fileLength == 0) {
        return new Unsatisfiable();
      }
      return new Partial(new ByteRange(Math.max(0, fileLength - n), fileLength - 1));
    }
    long start = first.get();
    if (start >= fileLength) {
      return new Unsatisfiable();
    }
    long end = last.map(l -> Math.min(l, fileLength - 1)).orElse(fileLength - 1);
    if (end < start) {
      return new Whole(); // syntactically invalid range: ignore (RFC 9110)
    }
    return new Partial(new ByteRange(start, end));
  }

  private static Optional<Long> number(String digits) {
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
