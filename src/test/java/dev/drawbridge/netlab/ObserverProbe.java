package dev.drawbridge.netlab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny rendezvous/observer server run inside a lab host (JDK only, no test dependencies): TCP
 * {@code tcpPort} answers every connection with the "ip:port" it sees as the source (what a NAT
 * made of the client) and closes first; HTTP {@code httpPort} serves POST /echo (body back) and GET
 * /bytes?n=N (N bytes of 'x') for the harness's curl helpers. Prints LISTENING when ready. Usage:
 * {@code ObserverProbe <tcpPort> <httpPort>}.
 */
public final class ObserverProbe {
  private ObserverProbe() {}

  public static void main(String[] args) throws IOException {
    ServerSocket tcp = new ServerSocket();
    tcp.setReuseAddress(true);
    tcp.bind(new InetSocketAddress(Integer.parseInt(args[0])));
    HttpServer http = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[1])), 16);
    http.createContext(
        "/echo",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    http.createContext(
        "/bytes",
        ex -> {
          long n = Long.parseLong(ex.getRequestURI().getQuery().replace("n=", ""));
          ex.sendResponseHeaders(200, n);
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) 'x');
          try (OutputStream out = ex.getResponseBody()) {
            for (long left = n; left > 0; left -= chunk.length) {
              out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
          }
        });
    http.start();
    System.out.println("LISTENING");
    System.out.flush();
    while (true) {
      // Server closes first, so TIME_WAIT stays here and the client's port is free to reuse at
      // once.
      try (Socket s = tcp.accept()) {
        String seen = s.getInetAddress().getHostAddress() + ":" + s.getPort() + "\n";
        s.getOutputStream().write(seen.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
      } catch (IOException e) {
        System.out.println("client error: " + e);
      }
    }
  }
}
