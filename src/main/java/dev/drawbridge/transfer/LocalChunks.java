package dev.drawbridge.transfer;

import dev.drawbridge.content.Manifest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The local chunk source a download consults before the network (dedup): a chunk whose SHA-256
 * matches bytes already on this computer is read from there, hashed, and stored exactly like a
 * fetched chunk; a candidate that does not match is forgotten and the chunk is fetched after all. A
 * chunk whose bytes are already being fetched for this file waits for them instead of fetching them
 * a second time, so a file of repeated blocks crosses the network once per distinct block.
 *
 * <p>Confined to the download's context, except {@link #lookUp} and {@link #copy}, which block
 * (file IO, maybe a database) and run on worker threads, one chunk per fetch slot.
 */
final class LocalChunks {
  private static final Logger LOG = Logger.getLogger(LocalChunks.class);
  static final int MIN_CHUNK_BYTES = ChunkIndex.MIN_CHUNK_BYTES;

  /** Reads per chunk before giving up on local copies: a stale index cannot cost unbounded IO. */
  static final int MAX_CANDIDATES = 4;

  enum Plan {
    FETCH,
    COPY,
    WAIT
  }

  /** What {@link #lookUp} found on a worker, handed to the context. */
  record Found(Path ownFile, BitSet placedKnown) {}

  private final LocalCopies copies;
  private final PartialStore store;
  private Manifest manifest;
  private Path ownFile; // real path of the partial file; null until looked up (or for small files)
  private BitSet placedKnown = new BitSet();
  private final Map<String, Integer> claims = new HashMap<>(); // hash -> the chunk getting it first
  private final Map<String, List<Integer>> parked =
      new HashMap<>(); // hash -> chunks waiting for it
  private int reusedChunks;
  private long reusedBytes;
  private int fetchedChunks;
  private long fetchedBytes;

  LocalChunks(LocalCopies copies, PartialStore store) {
    this.copies = copies;
    this.store = store;
  }

  /** On the context, before every fetch run; true when {@link #lookUp} is worth a worker trip. */
  boolean start(Manifest of) {
    manifest = of;
    return of.chunkCount() > 0 && of.chunkLength(0) >= MIN_CHUNK_BYTES;
  }

  /**
   * On a worker: offers the chunks the partial file already holds, asks the index of placed files.
   */
  Found lookUp(BitSet done) throws IOException {
    Path own = store.path().toRealPath();
    for (int i = done.nextSetBit(0);
        i >= 0 && i < manifest.chunkCount();
        i = done.nextSetBit(i + 1)) {
      if (manifest.chunkLength(i) >= MIN_CHUNK_BYTES) {
        copies
            .recent()
            .add(
                manifest.chunks().get(i),
                new ChunkLocation(own, manifest.chunkOffset(i), manifest.chunkLength(i)));
      }
    }
    return new Found(own, placedKnown());
  }

  // The index is an optimisation: if it fails, the download goes on as if it were empty.
  private BitSet placedKnown() {
    try {
      return copies.placed().known(manifest.chunks());
    } catch (RuntimeException e) {
      LOG.debugf(e, "placed-chunk lookup failed; fetching everything");
      return new BitSet();
    }
  }

  private List<ChunkLocation> placedFind(String hash) {
    try {
      return copies.placed().find(hash);
    } catch (RuntimeException e) {
      LOG.debugf(e, "placed-chunk lookup failed");
      return List.of();
    }
  }

  void found(Found found) {
    ownFile = found.ownFile();
    placedKnown = found.placedKnown();
  }

  /**
   * On the context: where to get {@code chunk} from. WAIT parks it until {@link #verified} releases
   * it.
   */
  Plan plan(int chunk) {
    if (ownFile == null || manifest.chunkLength(chunk) < MIN_CHUNK_BYTES) {
      return Plan.FETCH;
    }
    String hash = manifest.chunks().get(chunk);
    Integer first = claims.putIfAbsent(hash, chunk);
    if (elsewhere(hash, chunk)) {
      return Plan.COPY; // the bytes are already here: copies run in parallel, nobody waits
    }
    if (first != null && first != chunk) {
      parked.computeIfAbsent(hash, h -> new ArrayList<>()).add(chunk);
      return Plan.WAIT;
    }
    return placedKnown.get(chunk) ? Plan.COPY : Plan.FETCH;
  }

  private boolean elsewhere(String hash, int chunk) {
    ChunkLocation self = at(chunk);
    return copies.recent().find(hash).stream().anyMatch(at -> !at.equals(self));
  }

  /**
   * On a worker: tries the candidates for {@code chunk}, this file first, and stores the first
   * whose bytes hash right. False when none did: the caller fetches the chunk. Candidates that fail
   * are forgotten. A failure to write the partial file is thrown, as for a fetched chunk.
   */
  boolean copy(int chunk) throws IOException {
    String hash = manifest.chunks().get(chunk);
    byte[] expected = Sha256.fromChunkHash(hash);
    if (expected == null) {
      return false; // the fetch path reports the malformed manifest
    }
    ChunkLocation self = at(chunk);
    List<ChunkLocation> places = new ArrayList<>(copies.recent().find(hash));
    places.sort((x, y) -> Boolean.compare(!x.file().equals(ownFile), !y.file().equals(ownFile)));
    if (placedKnown.get(chunk)) {
      places.addAll(placedFind(hash));
    }
    int tried = 0;
    for (ChunkLocation place : places) {
      if (place.equals(self) || place.length() != self.length()) {
        continue;
      }
      if (tried++ == MAX_CANDIDATES) {
        break;
      }
      Buffer bytes = read(place);
      if (bytes != null && store.store(chunk, self.offset(), bytes, expected)) {
        return true;
      }
      copies.recent().forget(hash, place);
      try {
        copies.placed().forget(hash, place);
      } catch (RuntimeException e) {
        LOG.debugf(e, "could not drop %s from the placed-chunk index", place.file());
      }
    }
    return false;
  }

  /**
   * On the context, once {@code chunk} is stored and verified: counts it and returns the chunks it
   * releases.
   */
  List<Integer> verified(int chunk, boolean copied) {
    int length = manifest.chunkLength(chunk);
    if (copied) {
      reusedChunks++;
      reusedBytes += length;
    } else {
      fetchedChunks++;
      fetchedBytes += length;
    }
    if (ownFile == null || length < MIN_CHUNK_BYTES) {
      return List.of();
    }
    String hash = manifest.chunks().get(chunk);
    copies.recent().add(hash, at(chunk));
    claims.remove(hash, chunk);
    List<Integer> waiting = parked.remove(hash);
    return waiting == null ? List.of() : waiting;
  }

  ChunkTally tally() {
    return new ChunkTally(reusedChunks, reusedBytes, fetchedChunks, fetchedBytes);
  }

  private ChunkLocation at(int chunk) {
    return new ChunkLocation(ownFile, manifest.chunkOffset(chunk), manifest.chunkLength(chunk));
  }

  /**
   * The candidate's bytes, or null when it is not a regular file reached without any symlink
   * (checked on the real path, and the open itself refuses a symlink), is too short, or fails.
   */
  static Buffer read(ChunkLocation place) {
    Path file = place.file();
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()
          || attributes.size() < place.offset() + place.length()
          || !file.toRealPath().equals(file)) {
        return null;
      }
      ByteBuffer bytes = ByteBuffer.allocate(place.length());
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        while (bytes.hasRemaining()) {
          if (channel.read(bytes, place.offset() + bytes.position()) < 0) {
            return null;
          }
        }
      }
      return Buffer.buffer(bytes.array());
    } catch (IOException | RuntimeException e) {
      return null; // gone, unreadable or refused: the network has the bytes
    }
  }
}
