package dev.drawbridge.transfer;

import dev.drawbridge.content.BatchEntry;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/**
 * Where many small files come from in one request: a contact's share, or in tests anything else.
 */
public interface BatchSource {
  /** The most files one request may name, and the largest file a batch carries. */
  int MAX_FILES = 512;

  int MAX_FILE_BYTES = 1 << 20;

  /**
   * Asks for {@code remotePaths} and hands each answer to {@code sink} in order, on an event loop.
   * Reading pauses while the futures {@code sink} returned are not done, so a slow disk slows the
   * host instead of filling our memory. Completes once every path has had its answer; fails (for
   * the rest) when the stream breaks.
   */
  Future<Void> fetch(List<String> remotePaths, Function<BatchEntry, Future<Void>> sink);
}
