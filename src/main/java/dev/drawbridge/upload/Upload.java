package dev.drawbridge.upload;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * One upload resource: where it lands, how long it will be, how much of it is verified, and the
 * digests of the verified parts. Mutated only under its own lock by {@link Uploads} and {@link
 * PartWriter}, always off the event loop.
 */
public final class Upload {
  private final String id;
  private final String peerId;
  private final UploadTarget target;
  private final long length;
  private final String reprDigest;
  private final String ifMatch;
  private final boolean durable;
  private final Path partial;
  final long createdAt;
  final List<UploadStore.Part> parts = new ArrayList<>();
  // The whole-file hash of [0, hashedTo): rebuilt once after a restart before appending.
  MessageDigest whole = sha256();
  long hashedTo;
  volatile long touchedAt;
  volatile long offset;
  boolean busy;
  long busyEnd; // where the part being written ends (a PATCH starting there may wait for it)
  Runnable waiter; // that one waiting PATCH, told when the part being written settles
  volatile boolean gone;

  Upload(
      String id,
      String peerId,
      UploadTarget target,
      long length,
      String reprDigest,
      String ifMatch,
      boolean durable,
      long createdAt) {
    this.id = id;
    this.peerId = peerId;
    this.target = target;
    this.length = length;
    this.reprDigest = reprDigest;
    this.ifMatch = ifMatch;
    this.durable = durable;
    this.createdAt = createdAt;
    this.touchedAt = createdAt;
    this.partial = partialIn(target.root(), id);
  }

  /** Partials live in one hidden folder per root: listings and downloads never show it. */
  public static final String FOLDER = ".drawbridge-uploads";

  static Path partialIn(Path root, String id) {
    return root.resolve(FOLDER).resolve(id + ".partial");
  }

  public String id() {
    return id;
  }

  public String peerId() {
    return peerId;
  }

  public UploadTarget target() {
    return target;
  }

  public long length() {
    return length;
  }

  /** Bytes verified and recorded so far. */
  public long offset() {
    return offset;
  }

  String reprDigest() {
    return reprDigest;
  }

  String ifMatch() {
    return ifMatch;
  }

  /** False for a one-request PUT: nothing is stored, a failure just removes it. */
  boolean durable() {
    return durable;
  }

  Path partial() {
    return partial;
  }

  UploadStore.Saved saved() {
    return new UploadStore.Saved(
        id,
        peerId,
        target.share(),
        target.root().toString(),
        target.path().toString(),
        length,
        reprDigest,
        ifMatch,
        createdAt,
        touchedAt,
        parts);
  }

  /** A PATCH is waiting for the part being written (tests, status). */
  public synchronized boolean partWaiting() {
    return waiter != null;
  }

  /**
   * The part being written settled (committed, refused or cut): the waiting PATCH, if any, may try
   * again. Called under this upload's lock; the waiter only schedules its retry.
   */
  void settled() {
    busy = false;
    Runnable w = waiter;
    waiter = null;
    if (w != null) {
      w.run();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
