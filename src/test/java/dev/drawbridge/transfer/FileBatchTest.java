package dev.drawbridge.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.drawbridge.content.BatchEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many small files in one request: verified, placed atomically, and every file accounted for. */
class FileBatchTest {
  private static final Vertx VERTX = Vertx.vertx();

  @TempDir Path dir;

  @AfterAll
  static void close() {
    VERTX.close();
  }

  /**
   * Answers from a map of path → entry maker; a path missing from the map breaks the stream there.
   */
  record FakeSource(Map<String, Function<Integer, BatchEntry>> answers) implements BatchSource {
    @Override
    public Future<Void> fetch(List<String> paths, Function<BatchEntry, Future<Void>> sink) {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < paths.size(); i++) {
        Function<Integer, BatchEntry> a = answers.get(paths.get(i));
        if (a == null) {
          return chain.compose(
              v -> Future.failedFuture(new TransferFailedException("connection reset")));
        }
        int index = i;
        chain = chain.compose(v -> sink.apply(a.apply(index)));
      }
      return chain;
    }
  }

  static Function<Integer, BatchEntry> good(String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    return i -> BatchEntry.file(i, Buffer.buffer(b), "\"e\"", sha(b));
  }

  static String sha(byte[] b) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  FileBatch.Item item(String id, String name) {
    return new FileBatch.Item(
        id, name, dir.resolve("sub"), name, "drawbridge://peer/share/" + name);
  }

  List<FileBatch.Result> run(
      Map<String, Function<Integer, BatchEntry>> answers, List<FileBatch.Item> items)
      throws Exception {
    Promise<List<FileBatch.Result>> p = Promise.promise();
    VERTX.runOnContext(
        v -> new FileBatch(VERTX, new FakeSource(answers), items, r -> {}).start().onComplete(p));
    return p.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void everyItemGetsTheOutcomeItsAnswerDeserves() throws Exception {
    Map<String, Function<Integer, BatchEntry>> answers = new HashMap<>();
    answers.put("ok.txt", good("hello"));
    answers.put("empty.txt", good(""));
    answers.put(
        "flipped.txt",
        i -> BatchEntry.file(i, Buffer.buffer("hellp"), "\"e\"", sha("hello".getBytes())));
    answers.put("missing.txt", i -> BatchEntry.refused(i, "not_found", "not found"));
    answers.put("grew.txt", i -> BatchEntry.refused(i, "too_large", "larger than 1048576 bytes"));
    answers.put("changing.txt", i -> BatchEntry.refused(i, "changed", "kept changing"));
    List<FileBatch.Item> items = new ArrayList<>();
    for (String n :
        List.of(
            "ok.txt",
            "empty.txt",
            "flipped.txt",
            "missing.txt",
            "grew.txt",
            "changing.txt",
            "never.txt")) {
      items.add(item("id-" + n.replace('.', '-'), n));
    }
    List<FileBatch.Result> results = run(answers, items);

    Map<String, FileBatch.Outcome> by = new HashMap<>();
    results.forEach(r -> by.put(r.item().name(), r.outcome()));
    assertEquals(7, results.size());
    assertEquals("hello", Files.readString(((FileBatch.Outcome.Placed) by.get("ok.txt")).path()));
    assertEquals(0, Files.size(((FileBatch.Outcome.Placed) by.get("empty.txt")).path()));
    assertInstanceOf(
        FileBatch.Outcome.Chunked.class,
        by.get("flipped.txt"),
        "corrupted bytes go to the chunked path");
    assertInstanceOf(FileBatch.Outcome.Refused.class, by.get("missing.txt"));
    assertInstanceOf(FileBatch.Outcome.Chunked.class, by.get("grew.txt"));
    assertInstanceOf(FileBatch.Outcome.Chunked.class, by.get("changing.txt"));
    assertInstanceOf(
        FileBatch.Outcome.Retry.class, by.get("never.txt"), "the stream broke before it");
    assertFalse(
        Files.exists(dir.resolve("sub/flipped.txt")), "nothing unverified under a final name");
    try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
      assertEquals(
          List.of("empty.txt", "ok.txt"),
          s.map(p -> p.getFileName().toString()).sorted().toList(),
          "no partial file left behind");
    }
  }

  @Test
  void aFilePlacedByARunThatDiedIsNotPlacedTwice() throws Exception {
    Map<String, Function<Integer, BatchEntry>> answers = Map.of("a.txt", good("v1"));
    FileBatch.Item a = item("same-id", "a.txt");
    Path first = ((FileBatch.Outcome.Placed) run(answers, List.of(a)).get(0).outcome()).path();
    // The first run placed the file but (killed) never recorded it: the retry finds it by its tag.
    Path second = ((FileBatch.Outcome.Placed) run(answers, List.of(a)).get(0).outcome()).path();
    assertEquals(first, second);
    try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
      assertEquals(1, s.count());
    }
    // A different transfer file with the same name never takes someone else's file for its own.
    Path third =
        ((FileBatch.Outcome.Placed)
                run(answers, List.of(item("other-id", "a.txt"))).get(0).outcome())
            .path();
    assertEquals(dir.resolve("sub/a (1).txt"), third);
  }

  @Test
  void aFolderThatCannotBeWrittenIsADiskOutcomeAndLeavesNothingBehind() throws Exception {
    Files.writeString(dir.resolve("sub"), "a file where the folder should be");
    List<FileBatch.Result> r = run(Map.of("a.txt", good("x")), List.of(item("id1", "a.txt")));
    assertInstanceOf(FileBatch.Outcome.Disk.class, r.get(0).outcome());
    assertEquals("a file where the folder should be", Files.readString(dir.resolve("sub")));
  }

  @Test
  void placesTwoThousandFilesInBatches() throws Exception {
    Map<String, Function<Integer, BatchEntry>> answers = new HashMap<>();
    List<FileBatch.Item> items = new ArrayList<>();
    byte[] four = new byte[4096];
    for (int i = 0; i < 2000; i++) {
      String n = "f" + i + ".bin";
      four[0] = (byte) i;
      answers.put(n, good(new String(four, StandardCharsets.ISO_8859_1)));
      items.add(item("id" + i, n));
    }
    long t0 = System.nanoTime();
    int placed = 0;
    for (int from = 0; from < items.size(); from += 256) {
      for (FileBatch.Result r :
          run(answers, items.subList(from, Math.min(items.size(), from + 256)))) {
        placed += r.outcome() instanceof FileBatch.Outcome.Placed ? 1 : 0;
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "FileBatch placed %d files in %.2f s (%.0f files/s; a figure, not a target: see bench/)%n",
        placed, secs, placed / secs);
    assertEquals(2000, placed);
  }
}
