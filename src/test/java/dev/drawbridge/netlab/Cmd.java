package dev.drawbridge.netlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short external commands with a bounded wait; finds the tools the lab drives. */
final class Cmd {
  private Cmd() {}

  /**
   * Runs {@code cmd}, waits at most {@code timeout}; a command still running then is killed (exit
   * 124).
   */
  static ExecResult run(Duration timeout, List<String> cmd) {
    Process p;
    try {
      p =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      return new ExecResult(127, "", "cannot start " + cmd + ": " + e.getMessage());
    }
    // Both pipes are drained concurrently: a chatty command must not block on a full pipe.
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        return new ExecResult(
            ExecResult.TIMED_OUT, out.getNow(""), "timed out after " + timeout + ": " + cmd);
      }
      return new ExecResult(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      return new ExecResult(ExecResult.TIMED_OUT, "", "interrupted: " + cmd);
    }
  }

  /**
   * Stops a process and whatever it started: politely first, then forcibly. By PID, never by name.
   */
  static void kill(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** The absolute path of a tool; sbin is searched too because a non-root PATH often lacks it. */
  static Optional<String> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Optional.of(Path.of(dir, tool).toString());
      }
    }
    return Optional.empty();
  }

  private static CompletableFuture<String> drain(InputStream in) {
    // Own daemon threads, not the common pool: these reads block, and the pool may have one thread.
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "netlab-drain");
    t.setDaemon(true);
    t.start();
    return f;
  }
}
