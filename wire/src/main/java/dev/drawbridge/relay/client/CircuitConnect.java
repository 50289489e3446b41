package dev.drawbridge.relay.client;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import dev.drawbridge.relay.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Opens a relayed circuit (source side, protocol v2): connects to the relay's circuit port, sends
 * {@code CONNECT <target>.drawbridge} with a single-use circuit token from {@link
 * RelayClient#circuitToken} and waits for the relay's answer. The relay answers 200 only once the
 * target has joined, and the target speaks only after the source's TLS ClientHello, so nothing
 * follows the 200 head until the caller writes.
 */
public final class CircuitConnect {

  private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private CircuitConnect() {}

  /**
   * Completes with the spliced socket, <b>paused</b>; fails with a {@link RelayRefusedException}
   * (the relay's status line) or an IOException.
   */
  public static Future<NetSocket> open(
      NetClient client, String host, int circuitPort, PeerId target, byte[] token) {
    return client
        .connect(circuitPort, host)
        .compose(
            socket -> {
              Promise<NetSocket> answered = Promise.promise();
              Buffer head = Buffer.buffer(64);
              socket.closeHandler(
                  v -> answered.tryFail(new IOException("relay closed the circuit connection")));
              socket.handler(
                  data -> {
                    head.appendBuffer(data);
                    int end = indexOf(head);
                    if (end < 0) {
                      if (head.length() > CircuitPreamble.MAX_CONNECT_HEADER) {
                        socket.close();
                        answered.tryFail(new IOException("relay answer too long"));
                      }
                      return;
                    }
                    socket.pause();
                    socket.handler(null);
                    socket.closeHandler(null);
                    String status = head.getString(0, end, StandardCharsets.ISO_8859_1.name());
                    String line = status.lines().findFirst().orElse("");
                    if (line.startsWith("HTTP/1.1 200 ") && end == head.length()) {
                      answered.tryComplete(socket);
                    } else {
                      socket.close();
                      answered.tryFail(
                          new RelayRefusedException(
                              line.contains(" 404 ") ? ErrorCode.OFFLINE : ErrorCode.LIMIT,
                              "relay refused the circuit: " + line));
                    }
                  });
              socket.write(
                  Buffer.buffer(
                      CircuitPreamble.connectRequest(target, 7778, token)
                          .getBytes(StandardCharsets.US_ASCII)));
              return answered.future();
            });
  }

  private static int indexOf(Buffer b) {
    for (int i = 0; i + END.length <= b.length(); i++) {
      if (b.getByte(i) == END[0]
          && b.getByte(i + 1) == END[1]
          && b.getByte(i + 2) == END[2]
          && b.getByte(i + 3) == END[3]) {
        return i + END.length;
      }
    }
    return -1;
  }
}
