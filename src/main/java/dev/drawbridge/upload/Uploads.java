package dev.drawbridge.upload;

import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import dev.drawbridge.share.UploadRules;
import dev.drawbridge.upload.UploadRefusal.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The host's upload resources. Flow: {@link #create} checks everything before any byte (name free,
 * size, quota, disk reserve, per-peer count) and makes an empty hidden partial; {@link #begin}
 * opens one part at the verified offset (after a restart it first re-hashes the kept prefix against
 * the recorded part digests); the {@link PartWriter} verifies, fsyncs, records and on the last part
 * places the file; {@link #remove} cancels. Every method blocks: call from a worker thread.
 */
public final class Uploads {
  private static final Logger LOG = Logger.getLogger(Uploads.class);

  /** Largest PATCH body the host takes (Upload-Limit max-size). */
  public static final long MAX_PART = 64L << 20;

  /** Unfinished uploads one peer may hold here at once. */
  public static final int MAX_UNFINISHED_PER_PEER = 64;

  /** An upload nobody touched for this long is removed with its partial. */
  public static final Duration IDLE_EXPIRY = Duration.ofHours(24);

  private final UploadStore store;
  private final ArrivalLog arrivals;
  private final Function<Path, String> etags;
  private final Clock clock;
  private final Map<String, Upload> byId = new ConcurrentHashMap<>();
  // Batch groups in flight, counted like unfinished uploads; guarded by this.
  private final List<SmallBatch.Hold> holds = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();

  /** {@code etags} gives a placed file's ETag exactly as downloads send it. */
  public Uploads(
      UploadStore store, ArrivalLog arrivals, Function<Path, String> etags, Clock clock) {
    this.store = store;
    this.arrivals = arrivals;
    this.etags = etags;
    this.clock = clock;
  }

  /**
   * Registers a new upload of {@code length} bytes for {@code peerId} into {@code target}, or
   * refuses it before any byte is sent. {@code durable} uploads are stored (resumable ones).
   */
  public synchronized Upload create(
      String peerId,
      UploadTarget target,
      long length,
      String reprDigest,
      String ifMatch,
      boolean durable)
      throws UploadRefusal {
    UploadRules rules = target.rules();
    if (length < 0) {
      throw new UploadRefusal(Reason.BAD_REQUEST, "Upload-Length must be a size in bytes");
    }
    if (rules.maxFileBytes() > 0 && length > rules.maxFileBytes()) {
      throw new UploadRefusal(
          Reason.TOO_LARGE, "files larger than " + rules.maxFileBytes() + " bytes are not taken");
    }
    if (durable
        && byId.values().stream().filter(u -> u.peerId().equals(peerId)).count()
            >= MAX_UNFINISHED_PER_PEER) {
      throw new UploadRefusal(
          Reason.TOO_MANY_UPLOADS,
          "you have " + MAX_UNFINISHED_PER_PEER + " unfinished uploads here; finish or cancel one");
    }
    Landing.checkFree(target.root(), target.path(), rules.allowReplace(), ifMatch, etags);
    checkQuota(target, length);
    checkReserve(target, length);
    String id = newId();
    Upload u = new Upload(id, peerId, target, length, reprDigest, ifMatch, durable, clock.millis());
    try {
      Files.createDirectories(u.partial().getParent());
      Files.createFile(u.partial());
    } catch (IOException e) {
      LOG.warnf(e, "cannot create a partial file in %s", target.root());
      throw new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "cannot write here now");
    }
    if (durable) {
      store.create(u.saved());
    }
    byId.put(id, u);
    return u;
  }

  private void checkQuota(UploadTarget target, long length) throws UploadRefusal {
    UploadRules rules = target.rules();
    if (target.share() == null || (rules.quotaBytes() == 0 && rules.quotaFiles() == 0)) {
      return;
    }
    ArrivalLog.Usage used = usedIn(target.share());
    long bytes = used.bytes() + length;
    long files = used.files() + 1;
    if ((rules.quotaBytes() > 0 && bytes > rules.quotaBytes())
        || (rules.quotaFiles() > 0 && files > rules.quotaFiles())) {
      throw new UploadRefusal(
          Reason.QUOTA_EXCEEDED, "this share is full: the owner's upload quota is used up");
    }
  }

  /** What guests added to {@code share}, plus unfinished uploads and batch files into it. */
  private ArrivalLog.Usage usedIn(String share) {
    ArrivalLog.Usage used = arrivals.usage(share);
    long bytes = used.bytes();
    long files = used.files();
    for (Upload u : byId.values()) {
      if (share.equals(u.target().share())) {
        bytes += u.length();
        files++;
      }
    }
    for (SmallBatch.Hold h : holds) {
      if (share.equals(h.share())) {
        bytes += h.bytes();
        files += h.files();
      }
    }
    return new ArrivalLog.Usage(bytes, files);
  }

  /**
   * Free space in {@code root} minus what unfinished uploads and batches into it will still add.
   */
  private long unpromised(Path root) throws UploadRefusal {
    long usable;
    try {
      usable = Files.getFileStore(root).getUsableSpace();
    } catch (IOException e) {
      throw new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "cannot check free space here");
    }
    for (Upload u : byId.values()) {
      if (u.target().root().equals(root)) {
        usable -= u.length() - u.offset();
      }
    }
    for (SmallBatch.Hold h : holds) {
      if (h.root().equals(root)) {
        usable -= h.bytes();
      }
    }
    return usable;
  }

  private void checkReserve(UploadTarget target, long length) throws UploadRefusal {
    if (unpromised(target.root()) - length < target.rules().reserveBytes()) {
      throw new UploadRefusal(
          Reason.INSUFFICIENT_STORAGE, "not enough free disk space on the host for this file");
    }
  }

  /** A batch upload's group of small files is placed by this (see {@link SmallBatch}). */
  public SmallBatch batch() {
    return new SmallBatch(this);
  }

  /**
   * Checks a batch group's files as {@link #create} checks one (name free, size, quota counting the
   * group's earlier files, disk reserve), filling {@code out} with each refusal; holds the accepted
   * files against quota and free space until {@link #release}.
   */
  synchronized SmallBatch.Hold admit(
      Path root,
      String share,
      UploadRules rules,
      List<SmallBatch.Item> items,
      SharePath[] paths,
      SmallBatch.Settled[] out) {
    boolean quota = share != null && (rules.quotaBytes() > 0 || rules.quotaFiles() > 0);
    ArrivalLog.Usage used = quota ? usedIn(share) : new ArrivalLog.Usage(0, 0);
    long bytes = 0;
    long files = 0;
    long free = -1;
    for (int i = 0; i < items.size(); i++) {
      if (out[i] != null) {
        continue;
      }
      long length = items.get(i).bytes().length;
      try {
        if (rules.maxFileBytes() > 0 && length > rules.maxFileBytes()) {
          throw new UploadRefusal(
              Reason.TOO_LARGE,
              "files larger than " + rules.maxFileBytes() + " bytes are not taken");
        }
        Landing.checkFree(root, paths[i], rules.allowReplace(), null, etags);
        if (quota
            && ((rules.quotaBytes() > 0 && used.bytes() + bytes + length > rules.quotaBytes())
                || (rules.quotaFiles() > 0 && used.files() + files + 1 > rules.quotaFiles()))) {
          throw new UploadRefusal(
              Reason.QUOTA_EXCEEDED, "this share is full: the owner's upload quota is used up");
        }
        if (free < 0) {
          free = unpromised(root);
        }
        if (free - bytes - length < rules.reserveBytes()) {
          throw new UploadRefusal(
              Reason.INSUFFICIENT_STORAGE, "not enough free disk space on the host for this file");
        }
        bytes += length;
        files++;
      } catch (UploadRefusal e) {
        out[i] = new SmallBatch.Settled(items.get(i).path(), null, e);
      }
    }
    SmallBatch.Hold h = new SmallBatch.Hold(root, share, bytes, files);
    holds.add(h);
    return h;
  }

  synchronized void release(SmallBatch.Hold hold) {
    holds.remove(hold);
  }

  /** A batch group's placed files: logged in one transaction (before the hold is released). */
  void arrivedAll(
      String peerId, Path root, String share, List<Arrival> placed, List<SharePath> paths) {
    arrivals.arrivedAll(placed);
    if (!placedListeners.isEmpty()) {
      for (int i = 0; i < placed.size(); i++) {
        Upload u =
            new Upload(
                newId(),
                peerId,
                new UploadTarget(root, paths.get(i), share, UploadRules.DEFAULT),
                placed.get(i).bytes(),
                null,
                null,
                false,
                placed.get(i).at());
        for (var l : placedListeners) {
          l.accept(u, paths.get(i));
        }
      }
    }
  }

  long now() {
    return clock.millis();
  }

  String newId() {
    byte[] b = new byte[18];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * Makes the folder {@code path} inside {@code root} and its missing parents, never through a
   * link; true when the folder itself was created, false when it already was a folder.
   */
  public boolean makeFolder(Path root, SharePath path) throws UploadRefusal {
    Path dir = root;
    boolean created = false;
    for (String segment : path.segments()) {
      dir = dir.resolve(segment);
      created = Landing.folder(dir, true);
    }
    return created;
  }

  /** The caller's own upload; another peer's id is as absent as an unknown one. */
  public Optional<Upload> find(String peerId, String id) {
    Upload u = byId.get(id);
    return u != null && !u.gone && u.peerId().equals(peerId) ? Optional.of(u) : Optional.empty();
  }

  /** Unfinished uploads (tests, status). */
  public List<Upload> all() {
    return List.copyOf(byId.values());
  }

  /**
   * Opens the part of {@code length} bytes at {@code offset}; {@code contentDigest} (base64
   * sha-256) is required for a non-empty part. Only one part of an upload is open at a time.
   */
  public PartWriter begin(
      Upload u, long offset, long length, String contentDigest, boolean complete, String repr)
      throws UploadRefusal {
    return begin(u, offset, length, contentDigest, complete, repr, null);
  }

  /**
   * As above, but a part starting exactly where the part being written ends is queued (one per
   * upload): this returns null and {@code whenSettled} runs once that part has been committed or
   * refused; the caller then calls again (and gets the part, or offset_mismatch with the offset
   * that part left behind). Anything else while a part is open is upload_busy.
   */
  public PartWriter begin(
      Upload u,
      long offset,
      long length,
      String contentDigest,
      boolean complete,
      String repr,
      Runnable whenSettled)
      throws UploadRefusal {
    synchronized (u) {
      if (u.gone) {
        throw new UploadRefusal(Reason.NOT_FOUND, "not found");
      }
      if (u.busy) {
        if (whenSettled != null && u.waiter == null && offset == u.busyEnd) {
          u.waiter = whenSettled;
          return null;
        }
        throw new UploadRefusal(
            Reason.UPLOAD_BUSY, "another request is appending to this upload", u.offset);
      }
      if (offset != u.offset) {
        throw new UploadRefusal(
            Reason.OFFSET_MISMATCH, "Upload-Offset is not the host's offset", u.offset);
      }
      if (length > MAX_PART) {
        throw new UploadRefusal(Reason.TOO_LARGE, "a part may be at most " + MAX_PART + " bytes");
      }
      if (offset + length > u.length() || complete != (offset + length == u.length())) {
        throw new UploadRefusal(
            Reason.BAD_REQUEST,
            "Upload-Complete must be ?1 exactly on the part that ends the file");
      }
      if (contentDigest == null && length > 0) {
        throw new UploadRefusal(Reason.BAD_REQUEST, "Content-Digest (sha-256) is required");
      }
      if (u.hashedTo < u.offset) {
        rehash(u);
      }
      FileChannel ch;
      try {
        ch = FileChannel.open(u.partial(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        ch.truncate(offset); // bytes after the verified offset were never verified: drop them
      } catch (IOException e) {
        LOG.warnf(e, "cannot open partial of upload %s", u.id());
        throw new UploadRefusal(Reason.NOT_FOUND, "not found");
      }
      u.busy = true;
      u.busyEnd = offset + length;
      u.touchedAt = clock.millis();
      return new PartWriter(
          this,
          u,
          ch,
          offset,
          length,
          contentDigest,
          complete,
          repr != null ? repr : u.reprDigest());
    }
  }

  /**
   * After a restart the whole-file hash is rebuilt once from the kept prefix, checking each part
   * against its recorded digest; the first bad part and everything after it is dropped.
   */
  private void rehash(Upload u) throws UploadRefusal {
    MessageDigest whole = Upload.sha256();
    long good = 0;
    try (FileChannel ch = FileChannel.open(u.partial(), StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      for (UploadStore.Part p : u.parts) {
        MessageDigest part = Upload.sha256();
        long pos = p.start();
        while (pos < p.end()) {
          buf.clear().limit((int) Math.min(buf.capacity(), p.end() - pos));
          int n = ch.read(buf, pos);
          if (n < 0) {
            break;
          }
          buf.flip();
          part.update(buf.duplicate());
          whole.update(buf);
          pos += n;
        }
        if (pos < p.end()
            || !Base64.getEncoder().encodeToString(part.digest()).equals(p.sha256())) {
          break;
        }
        good = p.end();
      }
    } catch (IOException e) {
      LOG.warnf(e, "cannot re-read partial of upload %s", u.id());
    }
    if (good < u.offset) {
      truncateTo(u, good);
      throw new UploadRefusal(
          Reason.OFFSET_MISMATCH, "kept bytes failed their check; resume from the offset", good);
    }
    u.whole = whole;
    u.hashedTo = good;
  }

  private void truncateTo(Upload u, long good) {
    u.parts.removeIf(p -> p.end() > good);
    u.offset = good;
    try (FileChannel ch = FileChannel.open(u.partial(), StandardOpenOption.WRITE)) {
      ch.truncate(good);
    } catch (IOException e) {
      LOG.warnf(e, "cannot truncate partial of upload %s", u.id());
    }
    if (u.durable()) {
      store.truncate(u.id(), good);
    }
    u.whole = Upload.sha256();
    u.hashedTo = 0; // rebuilt on the next part
  }

  /** Records a verified part (called by the writer under the upload's lock). */
  void recorded(Upload u, UploadStore.Part part) {
    if (u.durable()) {
      store.addPart(u.id(), part, u.touchedAt);
    }
  }

  /**
   * Told of every placed file (push offers mark their file arrived); runs on the placing thread.
   */
  public void onPlaced(java.util.function.BiConsumer<Upload, SharePath> listener) {
    placedListeners.add(listener);
  }

  private final List<java.util.function.BiConsumer<Upload, SharePath>> placedListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The file is in place: log the arrival, forget the upload. */
  void placed(Upload u, SharePath placedAt, String sha256, boolean replaced) {
    u.gone = true; // a part queued behind the last one finds nothing left to append to
    byId.remove(u.id());
    if (u.durable()) {
      store.delete(u.id());
    }
    arrivals.arrived(
        new Arrival(
            u.target().share(),
            placedAt.toString(),
            u.peerId(),
            u.length(),
            DigestField.hex(sha256),
            replaced,
            clock.millis()));
    placedListeners.forEach(l -> l.accept(u, placedAt));
  }

  Function<Path, String> etags() {
    return etags;
  }

  /** Cancels {@code u}: its partial file and its record are removed. */
  public void remove(Upload u) {
    synchronized (u) {
      u.gone = true;
      byId.remove(u.id());
      if (u.waiter != null) {
        Runnable w = u.waiter; // it tries again and finds the upload gone
        u.waiter = null;
        w.run();
      }
      try {
        Files.deleteIfExists(u.partial());
      } catch (IOException e) {
        LOG.warnf(e, "cannot remove partial of upload %s", u.id());
      }
      if (u.durable()) {
        store.delete(u.id());
      }
    }
  }

  /** Removes every upload {@code cut} selects (a revoke): their partials go with them. */
  public int removeWhere(Predicate<Upload> cut) {
    int n = 0;
    for (Upload u : new ArrayList<>(byId.values())) {
      if (cut.test(u)) {
        remove(u);
        n++;
      }
    }
    return n;
  }

  /** Removes uploads idle for {@link #IDLE_EXPIRY}; returns how many. */
  public int sweep() {
    long limit = clock.millis() - IDLE_EXPIRY.toMillis();
    return removeWhere(u -> !u.busy && u.touchedAt < limit);
  }

  /**
   * Loads stored uploads after a start: each partial is cut back to its recorded offset (bytes past
   * it were never verified); one whose partial is gone, or that expired, is removed.
   */
  public synchronized void restore() {
    for (UploadStore.Saved s : store.all()) {
      Upload u;
      try {
        boolean replace = s.ifMatch() != null;
        UploadTarget t =
            new UploadTarget(
                Path.of(s.root()),
                SharePath.parse(s.path()),
                s.share(),
                new UploadRules(replace, 0, 0, 0, 0));
        u =
            new Upload(
                s.id(),
                s.peerId(),
                t,
                s.length(),
                s.reprDigest(),
                s.ifMatch(),
                true,
                s.createdAt());
      } catch (BadPathException e) {
        store.delete(s.id());
        continue;
      }
      u.parts.addAll(s.parts());
      u.offset = s.offset();
      u.touchedAt = s.touchedAt();
      if (u.touchedAt < clock.millis() - IDLE_EXPIRY.toMillis()
          || !Files.isRegularFile(u.partial(), LinkOption.NOFOLLOW_LINKS)) {
        remove(u);
        continue;
      }
      byId.put(u.id(), u);
      long size;
      try {
        size = Files.size(u.partial());
      } catch (IOException e) {
        size = 0;
      }
      long keep = size;
      truncateTo(
          u,
          u.parts.stream().mapToLong(UploadStore.Part::end).filter(e -> e <= keep).max().orElse(0));
    }
  }
}
