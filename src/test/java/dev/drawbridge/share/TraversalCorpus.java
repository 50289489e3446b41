package dev.drawbridge.share;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The traversal corpus shared by the peer-API and local-API attack tests: hostile paths (dot-dot in
 * every spelling, encodings, backslashes, NUL, overlong UTF-8, absolute and drive paths, UNC,
 * symlink escapes, reserved and very long names, dot lookalikes) aimed at a secret planted next to
 * a share root by {@link #plant}.
 */
public final class TraversalCorpus {
  public static final String SECRET = "SECRET-" + UUID.randomUUID();

  private TraversalCorpus() {}

  /**
   * A fresh {@code base} under target/test-shares with {@code base/root} (the share root, holding
   * hello.txt, a/b/ and symlinks escaping to the secrets) and the secret in {@code base/secret.txt}
   * and {@code base/root-sibling/secret.txt}. Returns {@code base}.
   */
  public static Path plant() throws Exception {
    Path base =
        Files.createDirectories(Path.of("target/test-shares", UUID.randomUUID().toString()))
            .toAbsolutePath();
    Path root = Files.createDirectories(base.resolve("root"));
    Files.writeString(base.resolve("secret.txt"), SECRET);
    Files.createDirectories(base.resolve("root-sibling"));
    Files.writeString(base.resolve("root-sibling/secret.txt"), SECRET);
    Files.writeString(root.resolve("hello.txt"), "hello");
    Files.createDirectories(root.resolve("a/b"));
    Files.createSymbolicLink(root.resolve("escape"), base.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("escdir"), base);
    Files.createSymbolicLink(root.resolve("a/up"), Path.of("../.."));
    return base;
  }

  /** True when an answer body shows bytes from outside the share. */
  public static boolean leaks(String body) {
    return body.contains(SECRET) || body.contains("root:x:0:0");
  }

  /** The hostile paths as a peer means them (decoded), before any URL encoding. */
  public static List<String> hostile(Path base) {
    String abs = base.resolve("secret.txt").toString();
    List<String> raw =
        new ArrayList<>(
            List.of(
                "..",
                "../secret.txt",
                "../../secret.txt",
                "../root-sibling/secret.txt",
                "a/../../secret.txt",
                "a/b/../../../secret.txt",
                "./../secret.txt",
                "hello.txt/../../secret.txt",
                "..;/secret.txt",
                ".../secret.txt",
                "....//secret.txt",
                "a/./../../secret.txt",
                "/../secret.txt",
                abs,
                "/" + abs,
                "/etc/passwd",
                "//etc/passwd",
                "file:///etc/passwd",
                "C:\\secret.txt",
                "C:/secret.txt",
                "c:secret.txt",
                "\\\\server\\share\\secret.txt",
                "\\\\?\\C:\\secret.txt",
                "//server/share/secret.txt",
                "..\\secret.txt",
                "..\\..\\secret.txt",
                "a\\..\\..\\secret.txt",
                "..\\/secret.txt",
                "hello.txt\0",
                "hello.txt\0.jpg",
                "..\0/secret.txt",
                "\0",
                "CON",
                "NUL",
                "aux.txt",
                "com1",
                "LPT1.txt",
                "a/nul/b",
                "escape",
                "escdir/secret.txt",
                "escdir/root-sibling/secret.txt",
                "a/up/secret.txt",
                "a/up/../secret.txt",
                "\u2024\u2024/secret.txt",
                "\u2025/secret.txt",
                "\uFF0E\uFF0E/secret.txt",
                "\u3002\u3002/secret.txt",
                "\uFE52\uFE52/secret.txt",
                "..\u2215secret.txt",
                "..\u2044secret.txt",
                "..\uFF0Fsecret.txt",
                "..\u29F5secret.txt",
                "\u202E..\u202C/secret.txt",
                ". ./secret.txt",
                ".. /secret.txt",
                "..\t/secret.txt",
                "..\n/secret.txt",
                "a/b/c/../../../../secret.txt",
                "a".repeat(300),
                "a".repeat(255) + "/../../secret.txt",
                String.join("/", java.util.Collections.nCopies(200, "..")) + "/etc/passwd",
                "x/".repeat(600) + "secret.txt"));
    return raw;
  }

  /** Each hostile path in several spellings on the wire (all valid URI characters). */
  public static List<String> encoded(Path base) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : hostile(base)) {
      String minimal = escapeUnsafe(p);
      String all = hexAll(p);
      out.add(minimal);
      out.add(all);
      out.add(all.replace("%", "%25")); // double-encoded
      out.add(all.toUpperCase(java.util.Locale.ROOT).replace("%2F", "/"));
      out.add(escapeUnsafe(p.replace('/', '\\')));
    }
    // Overlong UTF-8 and encoded separators that decode to nothing a Java string can hold.
    for (String s :
        List.of(
            "%c0%ae%c0%ae/secret.txt",
            "%c0%ae%c0%ae%c0%afsecret.txt",
            "%e0%80%ae%e0%80%ae/secret.txt",
            "%f0%80%80%ae%f0%80%80%ae/secret.txt",
            "%c1%9c%c1%9csecret.txt",
            "..%c0%afsecret.txt",
            "..%c1%9csecret.txt",
            "..%2fsecret.txt",
            "..%2Fsecret.txt",
            "..%5csecret.txt",
            "%2e%2e%2fsecret.txt",
            "%2e%2e/secret.txt",
            "%2e./secret.txt",
            ".%2e/secret.txt",
            "%252e%252e%252fsecret.txt",
            "%25252e%25252e/secret.txt",
            "%ff%fe/secret.txt",
            "%80/secret.txt",
            "%00",
            "hello.txt%00",
            "%u002e%u002e/secret.txt")) {
      out.add(s);
    }
    return new ArrayList<>(out);
  }

  /** Percent-encodes every byte except '/'. */
  public static String hexAll(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      out.append(b == '/' ? "/" : String.format("%%%02x", b & 0xFF));
    }
    return out.toString();
  }

  public static String escapeUnsafe(String p) {
    StringBuilder b = new StringBuilder();
    for (byte x : p.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      if (c > 0x20 && c < 0x7F && "\"<>\\^`{|}%#?".indexOf(c) < 0) {
        b.append((char) c);
      } else {
        b.append(String.format("%%%02X", c));
      }
    }
    return b.toString();
  }
}
