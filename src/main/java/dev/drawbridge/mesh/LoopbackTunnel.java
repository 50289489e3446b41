package dev.drawbridge.mesh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Lets an ordinary HTTP client use an already connected socket (a hole-punched one): the client
 * connects to a one-shot listener on 127.0.0.1 and its bytes are bridged onto that socket. TLS
 * still runs end to end between the two peers; the tunnel only moves ciphertext.
 */
final class LoopbackTunnel implements AutoCloseable {
  private final ServerSocket listener;
  private final Socket remote;

  LoopbackTunnel(Socket remote, String label) throws IOException {
    this.remote = remote;
    this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              try (ServerSocket l = listener) {
                Socket local = l.accept(); // exactly one client: the link's HTTP connection
                local.setTcpNoDelay(true);
                SocketBridge.start(local, remote, label);
              } catch (IOException e) {
                SocketBridge.closeQuietly(remote);
              }
            },
            "tunnel-" + label);
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed after accept
    }
    SocketBridge.closeQuietly(remote);
  }
}
