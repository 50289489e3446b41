package dev.drawbridge.mesh;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Resolves relay host names off the Vert.x event loop. Under Quarkus, Vert.x resolves names with
 * the JDK's blocking resolver on the event loop (Quarkus turns Vert.x's async DNS off), so a slow
 * name server stalled every mesh request; here a lookup runs on a small bounded pool (2 threads, 64
 * waiting), fails after a timeout, and is cancelled when the relay it was for is removed, so a
 * reset list leaves no queue of lookups behind. Callers connect to the resolved address literal.
 */
public final class HostLookups implements AutoCloseable {
  /** The name service behind the lookups; a seam for tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress lookup(String host) throws UnknownHostException;
  }

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final int THREADS = 2;
  static final int QUEUE = 64;
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Vertx vertx;
  private final Resolver resolver;
  private final Duration timeout;
  private final ThreadPoolExecutor pool;

  /** One pending (or finished) lookup; {@link #cancel} is safe at any time. */
  public interface Lookup {
    Future<String> address();

    void cancel();
  }

  public HostLookups(Vertx vertx) {
    this(vertx, InetAddress::getByName, DEFAULT_TIMEOUT);
  }

  public HostLookups(Vertx vertx, Resolver resolver, Duration timeout) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.timeout = timeout;
    int n = POOLS.incrementAndGet();
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "drawbridge-dns-" + n);
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** Whether {@code host} is an address literal (nothing to look up). */
  static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || V4.matcher(host).matches();
  }

  /** The address of {@code host} as a literal, looked up off the event loop. */
  public Lookup resolve(String host) {
    if (isLiteral(host)) {
      return constant(Future.succeededFuture(host));
    }
    Context context = vertx.getOrCreateContext();
    Promise<String> promise = Promise.promise();
    java.util.concurrent.Future<?> task;
    try {
      task =
          pool.submit(
              () -> {
                if (promise.future().isComplete()) {
                  return; // cancelled or timed out while waiting
                }
                try {
                  String ip = resolver.lookup(host).getHostAddress();
                  context.runOnContext(v -> promise.tryComplete(ip));
                } catch (UnknownHostException e) {
                  context.runOnContext(
                      v -> promise.tryFail(new UnknownHostException("unknown host " + host)));
                } catch (RuntimeException e) {
                  context.runOnContext(v -> promise.tryFail(e));
                }
              });
    } catch (RejectedExecutionException e) {
      promise.fail(
          new UnknownHostException("too many name lookups waiting; not looking up " + host));
      return constant(promise.future());
    }
    long timer =
        vertx.setTimer(
            timeout.toMillis(),
            id -> {
              if (promise.tryFail(
                  new UnknownHostException(
                      "name lookup of "
                          + host
                          + " timed out after "
                          + timeout.toMillis()
                          + " ms"))) {
                task.cancel(false); // JDK lookups ignore interrupts; a queued one never starts
                pool.purge();
              }
            });
    promise.future().onComplete(ar -> vertx.cancelTimer(timer));
    return new Lookup() {
      @Override
      public Future<String> address() {
        return promise.future();
      }

      @Override
      public void cancel() {
        if (promise.tryFail(new UnknownHostException("lookup of " + host + " cancelled"))) {
          task.cancel(false);
          pool.purge();
        }
      }
    };
  }

  private static Lookup constant(Future<String> f) {
    return new Lookup() {
      @Override
      public Future<String> address() {
        return f;
      }

      @Override
      public void cancel() {}
    };
  }

  /** Lookups waiting for a thread (for tests and the status page). */
  int waiting() {
    return pool.getQueue().size();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
