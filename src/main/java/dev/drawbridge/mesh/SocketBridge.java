package dev.drawbridge.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies bytes both ways between two connected blocking sockets, one thread per direction. An end
 * of stream is passed on as a half-close; when both directions are done, or either fails, both
 * sockets close. Used where Vert.x cannot own the socket: a hole-punched connection must come from
 * a chosen local port, which only plain java.net can bind for an outgoing connection.
 */
final class SocketBridge {
  static final int BUFFER = 256 * 1024;

  private final Socket a;
  private final Socket b;
  private final AtomicInteger open = new AtomicInteger(2);

  private SocketBridge(Socket a, Socket b) {
    this.a = a;
    this.b = b;
  }

  static void start(Socket a, Socket b, String label) {
    SocketBridge bridge = new SocketBridge(a, b);
    bridge.thread(a, b, label + "-up").start();
    bridge.thread(b, a, label + "-down").start();
  }

  private Thread thread(Socket from, Socket to, String name) {
    Thread t = new Thread(() -> copy(from, to), "bridge-" + name);
    t.setDaemon(true);
    return t;
  }

  private void copy(Socket from, Socket to) {
    byte[] buf = new byte[BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
      to.shutdownOutput();
      if (open.decrementAndGet() == 0) {
        closeBoth();
      }
    } catch (IOException e) {
      closeBoth(); // one side failed: the other cannot make sense of a half stream
    }
  }

  private void closeBoth() {
    closeQuietly(a);
    closeQuietly(b);
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
