package dev.drawbridge.upload;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.UploadRules;
import dev.drawbridge.upload.UploadRefusal.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One group of a batch upload's small files (POST /peer/v1/batch-upload), placed together so the
 * costs a PUT pays per file are paid once per group. Flow of {@link #place}:
 *
 * <ol>
 *   <li>each file's sha-256 is checked against its bytes (in memory) before anything is written;
 *   <li>under the registry's lock, every file is checked like a PUT (name free, size, quota
 *       counting the files before it in the group, disk reserve) and the group's bytes and files
 *       are held against the quota until their arrivals are recorded;
 *   <li>each accepted file, on a small shared pool: written to its own hidden partial, fdatasync'd
 *       (concurrent syncs share one journal commit), then linked into place without replacing
 *       (parents created) and the partial unlinked — a crash before the link leaves only hidden
 *       partials, after it the file has all its bytes;
 *   <li>each folder that gained a name is fsync'd once, and the arrivals are recorded in one
 *       transaction; only then does the caller answer 201 for them.
 * </ol>
 *
 * Blocking: call from a worker thread.
 */
public final class SmallBatch {
  private static final Logger LOG = Logger.getLogger(SmallBatch.class);

  /**
   * Files written and synced at once, for the whole host: bounded whatever peers send; more syncs
   * waiting together share one journal commit (each thread mostly waits on the disk).
   */
  static final int WRITERS = 16;

  private static final ThreadPoolExecutor POOL = pool();

  /** One file of the group as the sender described it. */
  public record Item(String path, byte[] bytes, String sha256Hex) {}

  /** How one file settled: placed (etag set) or refused. */
  public record Settled(String path, String etag, UploadRefusal refusal) {
    public boolean placed() {
      return refusal == null;
    }
  }

  /** The group's files held against a share's quota and a root's free space while in flight. */
  record Hold(Path root, String share, long bytes, long files) {}

  private final Uploads uploads;

  SmallBatch(Uploads uploads) {
    this.uploads = uploads;
  }

  /**
   * Verifies and places {@code items} for {@code peerId} into {@code root} (a share's folder);
   * answers one {@link Settled} per item, in order. {@code cut} says the grant was revoked: files
   * not yet linked are then dropped.
   */
  public List<Settled> place(
      String peerId,
      Path root,
      String share,
      UploadRules rules,
      List<Item> items,
      BooleanSupplier cut) {
    Settled[] out = new Settled[items.size()];
    SharePath[] paths = new SharePath[items.size()];
    for (int i = 0; i < items.size(); i++) {
      try {
        paths[i] = checked(items.get(i));
      } catch (UploadRefusal e) {
        out[i] = new Settled(items.get(i).path(), null, e);
      }
    }
    Hold hold = uploads.admit(root, share, rules, items, paths, out);
    try {
      if (hold.files() > 0) {
        write(peerId, root, share, items, paths, out, cut);
      }
    } finally {
      uploads.release(hold);
    }
    return Arrays.asList(out);
  }

  /** The file's path in the share, once its bytes match its sha-256. */
  private static SharePath checked(Item item) throws UploadRefusal {
    SharePath p;
    try {
      p = SharePath.parse(item.path());
    } catch (BadPathException e) {
      throw new UploadRefusal(Reason.BAD_PATH, e.getMessage());
    }
    if (p.isRoot() || p.isPrivate()) {
      throw new UploadRefusal(Reason.BAD_PATH, "not a file name this share takes");
    }
    byte[] want;
    try {
      want = HexFormat.of().parseHex(item.sha256Hex() == null ? "" : item.sha256Hex());
    } catch (IllegalArgumentException e) {
      want = new byte[0];
    }
    if (want.length != 32) {
      throw new UploadRefusal(Reason.BAD_REQUEST, "sha256 must be 64 hex digits");
    }
    MessageDigest md = Upload.sha256();
    md.update(item.bytes());
    if (!MessageDigest.isEqual(md.digest(), want)) {
      throw new UploadRefusal(Reason.DIGEST_MISMATCH, "sha256 does not match the bytes received");
    }
    return p;
  }

  private void write(
      String peerId,
      Path root,
      String share,
      List<Item> items,
      SharePath[] paths,
      Settled[] out,
      BooleanSupplier cut) {
    Path partials = Upload.partialIn(root, "x").getParent();
    try {
      Files.createDirectories(partials);
    } catch (IOException e) {
      LOG.warnf(e, "cannot create the partial folder in %s", root);
      refuseRest(items, out, new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "cannot write here"));
      return;
    }
    Set<Path> known = ConcurrentHashMap.newKeySet();
    Set<Path> touched = ConcurrentHashMap.newKeySet();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (out[i] == null) {
        int n = i;
        tasks.add(
            () -> {
              out[n] = one(root, items.get(n), paths[n], cut, known, touched);
              return null;
            });
      }
    }
    try {
      for (Future<Void> f : POOL.invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warnf(e.getCause(), "placing a batch in %s failed", root);
    }
    refuseRest(items, out, new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "not placed"));
    for (Path dir : touched) {
      syncFolder(dir); // the new names are durable before the sender hears 201
    }
    List<Arrival> arrivals = new ArrayList<>();
    List<SharePath> placed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (out[i].placed()) {
        Item it = items.get(i);
        arrivals.add(
            new Arrival(
                share,
                paths[i].toString(),
                peerId,
                it.bytes().length,
                it.sha256Hex().toLowerCase(),
                false,
                uploads.now()));
        placed.add(paths[i]);
      }
    }
    uploads.arrivedAll(peerId, root, share, arrivals, placed);
  }

  private static void refuseRest(List<Item> items, Settled[] out, UploadRefusal why) {
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        out[i] = new Settled(items.get(i).path(), null, why);
      }
    }
  }

  /** One file: hidden partial, its bytes durable, then linked at its name. On a pool thread. */
  private Settled one(
      Path root,
      Item item,
      SharePath path,
      BooleanSupplier cut,
      Set<Path> known,
      Set<Path> touched) {
    Path partial = Upload.partialIn(root, uploads.newId());
    try {
      try (FileChannel ch =
          FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(item.bytes());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(false); // the bytes (and the size) are on disk before the name can be
      }
      if (cut.getAsBoolean()) {
        throw new UploadRefusal(Reason.NOT_FOUND, "not found");
      }
      Path target = Landing.parentOf(root, path, known, touched).resolve(path.name());
      Landing.link(partial, target);
      touched.add(target.getParent());
      return new Settled(item.path(), uploads.etags().apply(target), null);
    } catch (UploadRefusal e) {
      return new Settled(item.path(), null, e);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      if (!m.contains("No space left") && !m.contains("Disk quota exceeded")) {
        LOG.warnf(e, "cannot place a batch file in %s", root);
      }
      return new Settled(
          item.path(),
          null,
          new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "the host could not write the file"));
    } finally {
      try {
        Files.deleteIfExists(partial); // after the link, the name holds the file
      } catch (IOException e) {
        LOG.debugf("cannot remove partial %s: %s", partial, e.getMessage());
      }
    }
  }

  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debugf("cannot sync folder %s: %s", dir, e.getMessage()); // not every system can
    }
  }

  private static ThreadPoolExecutor pool() {
    ThreadPoolExecutor p =
        new ThreadPoolExecutor(
            WRITERS,
            WRITERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "drawbridge-batch-writer");
              t.setDaemon(true);
              return t;
            });
    p.allowCoreThreadTimeOut(true);
    return p;
  }
}
