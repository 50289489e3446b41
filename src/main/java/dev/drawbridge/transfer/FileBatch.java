package dev.drawbridge.transfer;

import dev.drawbridge.content.BatchEntry;
import dev.drawbridge.peerapi.PeerApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Downloads many small files with one request ({@link BatchSource}): each answer is checked against
 * the host's SHA-256, written to a hidden partial file, flushed to disk and only then placed under
 * its final name ({@link Placement}), exactly like a chunked download of a one-chunk file, minus
 * two round trips and a ledger per file.
 *
 * <p>Every item gets exactly one {@link Outcome}. What the batch cannot settle it hands back
 * instead of guessing: a file that grew past the batch limit, changed while being read, or whose
 * bytes fail verification is a {@link Outcome.Chunked} (the chunked path retries it with its own
 * rules); a broken stream leaves the rest {@link Outcome.Retry}. A file placed by an earlier run
 * that died before it could record so (kill -9) is found by its placement tag and not placed twice.
 */
public final class FileBatch {
  /** One file to fetch: {@code id} names its partial file and tags the placed file. */
  public record Item(String id, String remotePath, Path folder, String name, String origin) {
    public Item {
      Objects.requireNonNull(id);
      Objects.requireNonNull(remotePath);
      Objects.requireNonNull(folder);
      Objects.requireNonNull(name);
    }
  }

  /** How one item ended. */
  public sealed interface Outcome {
    /** Verified and in place (now, or by an earlier run). */
    record Placed(Path path, long size) implements Outcome {}

    /** The host refused it for good (not found, bad path, a folder): not worth retrying. */
    record Refused(String reason) implements Outcome {}

    /** Needs the chunked path (too large now, changed, failed verification). */
    record Chunked(String reason) implements Outcome {}

    /** The stream broke before this file arrived: try again later. */
    record Retry(Throwable cause) implements Outcome {}

    /** Writing or placing it failed locally (disk full, unwritable folder...). */
    record Disk(Throwable cause) implements Outcome {}
  }

  public record Result(Item item, Outcome outcome) {}

  private final Vertx vertx;
  private final BatchSource source;
  private final List<Item> items;
  private final Consumer<Result> onEach;
  private final Outcome[] outcomes;
  private final Promise<List<Result>> done = Promise.promise();
  private volatile boolean canceled;
  private Throwable streamFailure;
  private boolean streamEnded;
  private int landing; // answers being written: the result waits for them

  /** {@code onEach} hears about every item as it settles (progress); it must be quick. */
  public FileBatch(Vertx vertx, BatchSource source, List<Item> items, Consumer<Result> onEach) {
    if (items.isEmpty() || items.size() > BatchSource.MAX_FILES) {
      throw new IllegalArgumentException("a batch holds 1 to " + BatchSource.MAX_FILES + " files");
    }
    this.vertx = vertx;
    this.source = source;
    this.items = List.copyOf(items);
    this.onEach = onEach;
    this.outcomes = new Outcome[items.size()];
  }

  /**
   * Runs once; completes (never fails) when every item has an outcome. Canceled or broken off, the
   * items that did not arrive are {@link Outcome.Retry} with the reason.
   */
  public Future<List<Result>> start() {
    List<String> paths = items.stream().map(Item::remotePath).toList();
    source
        .fetch(paths, this::land)
        .onComplete(
            ar -> {
              streamEnded = true;
              streamFailure = canceled ? new CancellationException("batch canceled") : ar.cause();
              finishWhenLanded();
            });
    return done.future();
  }

  private void finishWhenLanded() {
    if (!streamEnded || landing > 0 || done.future().isComplete()) {
      return;
    }
    List<Result> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      if (outcomes[i] == null) {
        settle(i, unsettled());
      }
      out.add(new Result(items.get(i), outcomes[i]));
    }
    done.complete(out);
  }

  private Outcome unsettled() {
    Throwable why =
        streamFailure != null
            ? streamFailure
            : new TransferFailedException("the peer did not answer for this file");
    // A peer that refuses the whole request (an older peer without batches, say) may still serve
    // the files one by one: the chunked path then gives each file its own, precise outcome.
    if (why instanceof PeerApiException p && p.status() / 100 == 4) {
      return new Outcome.Chunked(p.getMessage());
    }
    return new Outcome.Retry(why);
  }

  /** Stops reading; files already placed stay placed (they are verified and complete). */
  public void cancel() {
    canceled = true;
  }

  private Future<Void> land(BatchEntry e) {
    if (canceled) {
      return Future.failedFuture(new CancellationException("batch canceled"));
    }
    if (e.index() < 0 || e.index() >= items.size() || outcomes[e.index()] != null) {
      return Future.failedFuture(new TransferFailedException("the peer answered out of order"));
    }
    Item item = items.get(e.index());
    landing++;
    return vertx
        .executeBlocking(() -> outcome(item, e), false)
        .map(
            o -> {
              landing--;
              settle(e.index(), o);
              finishWhenLanded();
              return (Void) null;
            })
        .onFailure(
            x -> {
              landing--;
              finishWhenLanded();
            });
  }

  private void settle(int i, Outcome o) {
    outcomes[i] = o;
    onEach.accept(new Result(items.get(i), o));
  }

  /** Blocking: verify, write, flush, place. */
  static Outcome outcome(Item item, BatchEntry e) {
    if (!e.ok()) {
      return switch (e.error()) {
        case "too_large", "changed" -> new Outcome.Chunked(e.message());
        default -> new Outcome.Refused(e.message() == null ? e.error() : e.message());
      };
    }
    byte[] expected = Sha256.fromFileDigest(e.sha256());
    if (expected == null || e.bytes().length() > BatchSource.MAX_FILE_BYTES) {
      return new Outcome.Chunked("the peer sent a bad batch entry");
    }
    ByteBuffer bytes = e.bytes().getByteBuf().nioBuffer();
    if (!MessageDigest.isEqual(expected, Sha256.of(bytes.duplicate()))) {
      return new Outcome.Chunked("the bytes failed SHA-256 verification");
    }
    Path partial = PartialFile.partialFor(item.folder(), item.id());
    try {
      Path earlier = Placement.placedEarlier(item.folder(), item.name(), item.id());
      if (earlier != null) {
        Files.deleteIfExists(partial); // killed between link and unlink: the leftover goes now
        return new Outcome.Placed(earlier, Files.size(earlier));
      }
      write(partial, bytes);
      return new Outcome.Placed(
          Placement.place(partial, item.folder(), item.name(), item.origin(), item.id()),
          e.bytes().length());
    } catch (IOException | RuntimeException ex) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // the disk is in trouble already; the outcome says so
      }
      return new Outcome.Disk(ex);
    }
  }

  /** The whole file, flushed, so what gets a final name survives a crash of the machine too. */
  private static void write(Path partial, ByteBuffer bytes) throws IOException {
    Files.createDirectories(partial.getParent());
    try (FileChannel ch =
        FileChannel.open(
            partial,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING,
            LinkOption.NOFOLLOW_LINKS)) {
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      ch.force(true);
    }
  }
}
