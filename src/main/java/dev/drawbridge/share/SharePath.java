package dev.drawbridge.share;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated path inside a share: zero or more segments, always written with '/'. The root is the
 * empty path.
 *
 * <p>Every instance has passed {@link NameRules} for each segment and the whole-path limits, so
 * code holding a SharePath never re-checks it. It is purely lexical: {@link ShareRoot} decides what
 * it means on disk (and refuses symlinks there).
 */
public final class SharePath implements Comparable<SharePath> {
  static final int MAX_PATH_BYTES = 4096; // PATH_MAX on Linux
  static final int MAX_DEPTH = 64;
  // An escape is 3 chars for one byte, so a longer raw tail cannot decode to an acceptable path;
  // refusing it up front bounds the work a hostile peer can cause (+1 for a trailing slash).
  private static final int MAX_RAW_LENGTH = 3 * MAX_PATH_BYTES + 1;

  public static final SharePath ROOT = new SharePath(List.of());

  private final List<String> segments;

  private SharePath(List<String> segments) {
    this.segments = List.copyOf(segments);
  }

  /**
   * Parses the still-percent-encoded URL path after {@code /shares/{share}/}. It is split on
   * literal '/' before decoding, so an encoded slash can never become a separator. A trailing '/'
   * is allowed and ignored (callers note it separately); the empty string is the root.
   */
  public static SharePath parseEncoded(String rawUrlTail) throws BadPathException {
    if (rawUrlTail == null) {
      throw new BadPathException("missing path");
    }
    if (rawUrlTail.length() > MAX_RAW_LENGTH) {
      throw new BadPathException("path longer than 4096 bytes");
    }
    if (rawUrlTail.isEmpty()) {
      return ROOT;
    }
    if (rawUrlTail.startsWith("/")) {
      throw new BadPathException("absolute path");
    }
    String tail = rawUrlTail;
    if (tail.endsWith("/")) {
      tail = tail.substring(0, tail.length() - 1);
    }
    String[] raw = tail.split("/", -1);
    if (raw.length > MAX_DEPTH) {
      throw new BadPathException("path deeper than 64 segments");
    }
    List<String> decoded = new ArrayList<>(raw.length);
    for (String r : raw) {
      decoded.add(PercentEncoding.decodeSegment(r));
    }
    return checked(decoded);
  }

  /**
   * Parses an already-decoded '/'-separated path (e.g. from JSON). Unlike {@link #parseEncoded} a
   * trailing '/' is refused (an empty segment): there is no URL convention to honour here.
   */
  public static SharePath parse(String decoded) throws BadPathException {
    if (decoded == null) {
      throw new BadPathException("missing path");
    }
    if (decoded.isEmpty()) {
      return ROOT;
    }
    if (decoded.startsWith("/")) {
      // Checked before the segment rules only to give the clearer reason.
      throw new BadPathException("absolute path");
    }
    if (decoded.length() > MAX_PATH_BYTES) {
      throw new BadPathException("path longer than 4096 bytes");
    }
    String[] parts = decoded.split("/", -1);
    if (parts.length > MAX_DEPTH) {
      throw new BadPathException("path deeper than 64 segments");
    }
    return checked(List.of(parts));
  }

  /** The single-segment rule, for filtering listings: true when {@code segment} may be a name. */
  public static boolean isAcceptableName(String segment) {
    return NameRules.refusal(segment) == null;
  }

  private static SharePath checked(List<String> segments) throws BadPathException {
    if (segments.size() > MAX_DEPTH) {
      throw new BadPathException("path deeper than 64 segments");
    }
    int bytes = Math.max(0, segments.size() - 1); // the '/' separators
    for (String s : segments) {
      String refusal = NameRules.refusal(s);
      if (refusal != null) {
        throw new BadPathException(refusal);
      }
      bytes += NameRules.utf8Length(s);
    }
    if (bytes > MAX_PATH_BYTES) {
      throw new BadPathException("path longer than 4096 bytes");
    }
    return new SharePath(segments);
  }

  public List<String> segments() {
    return segments;
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /**
   * True when any segment names Drawbridge's own hidden files ({@code .drawbridge-*}: partial
   * uploads and downloads): never served, never written by a peer.
   */
  public boolean isPrivate() {
    for (String s : segments) {
      if (s.startsWith(DirectoryPage.PRIVATE_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** The last segment, "" for the root. */
  public String name() {
    return isRoot() ? "" : segments.get(segments.size() - 1);
  }

  /** The containing path; the root is its own parent, so walking up always terminates there. */
  public SharePath parent() {
    return isRoot() ? ROOT : new SharePath(segments.subList(0, segments.size() - 1));
  }

  public SharePath child(String name) throws BadPathException {
    List<String> longer = new ArrayList<>(segments.size() + 1);
    longer.addAll(segments);
    longer.add(name);
    return checked(longer);
  }

  /** The percent-encoded form to put back in a URL: each segment RFC 3986 encoded, '/'-joined. */
  public String encoded() {
    StringBuilder out = new StringBuilder();
    for (String s : segments) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(PercentEncoding.encodeSegment(s));
    }
    return out.toString();
  }

  /** Segment by segment in Java String order, so a folder sorts just before its contents. */
  @Override
  public int compareTo(SharePath other) {
    int common = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < common; i++) {
      int c = segments.get(i).compareTo(other.segments.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(segments.size(), other.segments.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SharePath other && segments.equals(other.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** Decoded, '/'-joined, no leading slash; "" for the root. */
  @Override
  public String toString() {
    return String.join("/", segments);
  }
}
