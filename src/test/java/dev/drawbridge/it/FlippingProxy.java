package dev.drawbridge.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a peer's mesh port that flips exactly one byte, in the first answer
 * stream to pass {@code flipAt} bytes: corruption in transit, which TLS turns into a broken
 * connection that the download must survive. Everything else passes through untouched. It also
 * counts the bytes the peer sent ({@link #served}), which tells a test what crossed the network.
 */
final class FlippingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final long flipAt;
  final AtomicInteger flipped = new AtomicInteger();
  final java.util.concurrent.atomic.AtomicLong served =
      new java.util.concurrent.atomic.AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();

  FlippingProxy(int targetPort, long flipAt) throws IOException {
    this.targetPort = targetPort;
    this.flipAt = flipAt;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "flipping-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** A proxy that flips nothing: only counts. */
  static FlippingProxy passThrough(int targetPort) throws IOException {
    return new FlippingProxy(targetPort, Long.MAX_VALUE);
  }

  String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        connections.incrementAndGet();
        pump(client, server, false);
        pump(server, client, true);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean corrupt) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              long seen = 0;
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  if (corrupt && seen + n > flipAt && flipped.compareAndSet(0, 1)) {
                    buf[(int) Math.max(0, flipAt - seen)] ^= 0x01;
                  }
                  seen += n;
                  out.write(buf, 0, n);
                  if (corrupt) {
                    served.addAndGet(n);
                  }
                }
              } catch (IOException e) {
                // either side closed
              } finally {
                close(from);
                close(to);
              }
            },
            "flipping-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // gone
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
