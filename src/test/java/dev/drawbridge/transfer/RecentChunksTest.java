package dev.drawbridge.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job's memory of verified chunks: bounded, a few places per hash, follows a file into place.
 */
class RecentChunksTest {
  static final Path PARTIAL = Path.of("/d/.drawbridge-1.partial");
  static final Path PLACED = Path.of("/d/a.bin");

  @Test
  void forgetsTheOldestHashesBeyondItsCapacity() {
    RecentChunks recent = new RecentChunks(3);
    for (int i = 0; i < 5; i++) {
      recent.add("h" + i, new ChunkLocation(PARTIAL, i, 1));
    }
    assertEquals(3, recent.size());
    assertEquals(List.of(), recent.find("h0"));
    assertEquals(List.of(new ChunkLocation(PARTIAL, 4, 1)), recent.find("h4"));
  }

  @Test
  void keepsAtMostAFewPlacesPerHash() {
    RecentChunks recent = new RecentChunks();
    for (int i = 0; i < 5; i++) {
      recent.add("zeros", new ChunkLocation(PARTIAL, i, 1));
    }
    assertEquals(RecentChunks.PER_HASH, recent.find("zeros").size());
  }

  @Test
  void aPlacedFileKeepsItsChunksUnderItsFinalName() {
    RecentChunks recent = new RecentChunks();
    recent.add("h", new ChunkLocation(PARTIAL, 7, 1));
    recent.add("h", new ChunkLocation(Path.of("/d/other"), 0, 1));

    recent.moved(PARTIAL, PLACED);

    assertEquals(
        List.of(new ChunkLocation(PLACED, 7, 1), new ChunkLocation(Path.of("/d/other"), 0, 1)),
        recent.find("h"));
  }

  @Test
  void aForgottenPlaceIsNotOfferedAgain() {
    RecentChunks recent = new RecentChunks();
    recent.add("h", new ChunkLocation(PARTIAL, 0, 1));
    recent.forget("h", new ChunkLocation(PARTIAL, 0, 1));
    assertEquals(List.of(), recent.find("h"));
    assertEquals(0, recent.size());
  }
}
