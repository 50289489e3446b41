package dev.drawbridge.relay;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/** The few HTTP responses the circuit port gives to a CONNECT; all but 200 close the connection. */
final class HttpReply {

  static final Buffer ESTABLISHED = Buffer.buffer("HTTP/1.1 200 Connection established\r\n\r\n");

  private HttpReply() {}

  static void fail(NetSocket socket, int status, String reason, String body) {
    fail(socket, status, reason, "", body);
  }

  /** 407: the CONNECT carried no valid circuit token (protocol v2). */
  static void authenticationRequired(NetSocket socket, String body) {
    fail(
        socket,
        407,
        "Proxy Authentication Required",
        "Proxy-Authenticate: Basic realm=\"drawbridge circuit token\"\r\n",
        body);
  }

  private static void fail(
      NetSocket socket, int status, String reason, String extraHeaders, String body) {
    byte[] text = (body + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: "
            + text.length
            + "\r\n"
            + "Connection: close\r\n"
            + extraHeaders
            + "\r\n";
    socket.end(Buffer.buffer(head).appendBytes(text));
  }
}
