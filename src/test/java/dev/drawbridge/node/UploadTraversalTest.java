package dev.drawbridge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.share.Access;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.TraversalCorpus;
import dev.drawbridge.upload.Upload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The traversal and hostile-name corpus (plus upload-specific names) as PUT and MKCOL targets from
 * a READ_WRITE peer: every path that is not a valid name inside the share (traversal in any
 * spelling, NUL, reserved and private names, links on the way) is refused with 400 or 409; the few
 * that are merely odd but valid names (a file literally named "%2e%2e", a Unicode dot lookalike)
 * land exactly at that name inside the share, as downloads would name them. Nothing is created
 * outside the share and the secrets next to it are untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadTraversalTest {
  static final byte[] BODY = "pwned".getBytes(StandardCharsets.UTF_8);
  SharingHost mesh;
  UploadPeer peer;
  Path base;
  final Identity guestId = Identity.generate();

  @BeforeAll
  void start() throws Exception {
    base = TraversalCorpus.plant();
    mesh = new SharingHost(base.resolve("data"));
    mesh.catalog.add("t", base.resolve("root").toString());
    mesh.catalog.grant("t", guestId.peerId(), Access.READ_WRITE);
    peer = new UploadPeer(mesh.guest(guestId), mesh.peerId());
  }

  @AfterAll
  void stop() {
    mesh.close();
  }

  /** Upload-specific hostile targets on top of the shared corpus. */
  static List<String> uploadCases() {
    return List.of(
        ".drawbridge-uploads/x",
        ".drawbridge-uploads/x.partial",
        "a/.drawbridge-uploads/x",
        ".drawbridge-x",
        "%2Edrawbridge-uploads/x",
        "a/b/.drawbridge-probe-1.tmp",
        "escape",
        "escdir/new.txt",
        "a/up/new.txt",
        "hello.txt",
        "a",
        "a/b");
  }

  Set<String> everything() throws Exception {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(base)) {
      s.filter(p -> !p.startsWith(base.resolve("data")))
          .forEach(p -> out.add(base.relativize(p).toString()));
    }
    return out;
  }

  /**
   * The decoded path when {@code encoded} is a valid, non-private name inside the share (then
   * writing it there is an ordinary upload, e.g. a file literally named "%2e%2e"), else null.
   */
  static SharePath validName(String encoded) {
    try {
      SharePath p = SharePath.parseEncoded(encoded);
      return p.isRoot() || p.isPrivate() ? null : p;
    } catch (BadPathException e) {
      return null;
    }
  }

  @Test
  void noHostileTargetIsWrittenOutsideTheShareOrThroughALink() throws Exception {
    List<String> targets = new ArrayList<>(TraversalCorpus.encoded(base));
    targets.addAll(uploadCases());
    assertTrue(targets.size() >= 200, "corpus size " + targets.size());
    Set<String> before = everything();
    Path root = base.resolve("root");
    List<String> wrong = new ArrayList<>();
    Set<String> allowed = new TreeSet<>();
    int refused = 0;
    for (String p : targets) {
      SharePath valid = validName(p);
      int put = peer.put("t", p, BODY).status();
      int create = peer.create("t", p, 5).status();
      int mkcol = peer.mkcol("t", p).status();
      if (valid == null) {
        // Traversal, encoded separators, NUL, reserved or private names: refused outright.
        if (put != 400 || create != 400 || mkcol != 400) {
          wrong.add(put + "/" + create + "/" + mkcol + " " + p);
        }
        refused++;
        continue;
      }
      if (put == 201) {
        Path placed = root.resolve(valid.toString());
        if (!Files.isRegularFile(placed, LinkOption.NOFOLLOW_LINKS)
            || !placed.toRealPath().startsWith(root.toRealPath())
            || !Arrays.equals(BODY, Files.readAllBytes(placed))) {
          wrong.add("misplaced " + p);
        }
        for (SharePath q = valid; !q.isRoot(); q = q.parent()) {
          allowed.add("root/" + q);
        }
      } else if (put != 409 || create != 409) {
        wrong.add("valid name " + put + "/" + create + " " + p); // only a taken name may refuse
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(refused >= 100, "refused " + refused);
    Set<String> after = everything();
    after.removeIf(p -> p.startsWith("root/" + Upload.FOLDER));
    Set<String> added = new TreeSet<>(after);
    added.removeAll(before);
    added.removeAll(allowed);
    assertEquals(Set.of(), added, "nothing but the named files, inside the share");
    assertTrue(after.containsAll(before), "nothing removed");
    assertEquals(TraversalCorpus.SECRET, Files.readString(base.resolve("secret.txt")));
    assertEquals(TraversalCorpus.SECRET, Files.readString(base.resolve("root-sibling/secret.txt")));
  }

  /** MKCOL of an existing real folder is a harmless 204. */
  boolean isFolder(String p) {
    return p.equals("a") || p.equals("a/b");
  }
}
