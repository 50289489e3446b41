package dev.drawbridge.relay;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The circuit port's front door: admits the connection, reads its first bytes (bounded in size and
 * time) and hands it on as a CONNECT source, a DBJ1 join or a DBR1 rendezvous. The socket is paused
 * before it is handed on, so nothing is read that nobody will forward.
 */
final class CircuitPort {

  private static final byte[] CONNECT = "CONNECT ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Vertx vertx;
  private final RelayConfig config;
  private final Admission admission;
  private final RefusalLog refusals;
  private final CircuitBroker broker;
  private final Rendezvous rendezvous;

  CircuitPort(
      Vertx vertx,
      RelayConfig config,
      Admission admission,
      RefusalLog refusals,
      CircuitBroker broker,
      Rendezvous rendezvous) {
    this.vertx = vertx;
    this.config = config;
    this.admission = admission;
    this.refusals = refusals;
    this.broker = broker;
    this.rendezvous = rendezvous;
  }

  void accept(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    if (!admission.admit(ip)) {
      socket.close();
      return;
    }
    ChannelClose.whenClosed(socket, admission::release);
    new Preamble(socket, ip).start();
  }

  /** Reads one connection's preamble. */
  private final class Preamble {
    private final NetSocket socket;
    private final String ip;
    private final Buffer seen = Buffer.buffer(256);
    private long timer;
    private boolean done;

    Preamble(NetSocket socket, String ip) {
      this.socket = socket;
      this.ip = ip;
    }

    void start() {
      timer =
          vertx.setTimer(
              config.preambleTimeout().toMillis(),
              id -> {
                if (!done) {
                  done = true;
                  refusals.refuse(ip, Refusal.PREAMBLE_TIMEOUT, seen.length() + " bytes in");
                  socket.close();
                }
              });
      socket.exceptionHandler(e -> {});
      socket.handler(this::onData);
    }

    private void onData(Buffer data) {
      if (done) {
        return;
      }
      seen.appendBuffer(data);
      byte[] head = seen.getBytes(0, Math.min(seen.length(), CONNECT.length));
      if (startsWith(head, CircuitPreamble.JOIN_MAGIC)
          || startsWith(head, CircuitPreamble.RENDEZVOUS_MAGIC)) {
        if (seen.length() >= CircuitPreamble.TOKEN_PREAMBLE_LENGTH) {
          byte[] token =
              seen.getBytes(CircuitPreamble.MAGIC_LENGTH, CircuitPreamble.TOKEN_PREAMBLE_LENGTH);
          Buffer rest = seen.getBuffer(CircuitPreamble.TOKEN_PREAMBLE_LENGTH, seen.length());
          boolean join = startsWith(head, CircuitPreamble.JOIN_MAGIC);
          finish();
          if (join) {
            broker.join(socket, ip, token, rest);
          } else {
            rendezvous.arrive(socket, ip, token);
          }
        }
        return;
      }
      if (!startsWith(head, CONNECT) && !isPrefixOfAny(head)) {
        badRequest("expected an HTTP CONNECT");
        return;
      }
      int end = indexOf(seen, END_OF_HEADERS, CircuitPreamble.MAX_CONNECT_HEADER);
      if (end < 0) {
        if (seen.length() >= CircuitPreamble.MAX_CONNECT_HEADER) {
          badRequest(
              "CONNECT header block larger than " + CircuitPreamble.MAX_CONNECT_HEADER + " bytes");
        }
        return;
      }
      String block = seen.getString(0, end, StandardCharsets.ISO_8859_1.name());
      Buffer rest = seen.getBuffer(end, seen.length());
      PeerId target;
      try {
        target = ConnectRequest.target(block);
      } catch (ConnectRequest.BadRequest e) {
        badRequest(e.getMessage());
        return;
      }
      finish();
      broker.connect(socket, ip, target, ConnectRequest.token(block), rest);
    }

    private void finish() {
      done = true;
      vertx.cancelTimer(timer);
      socket.pause();
    }

    private void badRequest(String why) {
      finish();
      refusals.refuse(ip, Refusal.BAD_REQUEST, why);
      HttpReply.fail(socket, 400, "Bad Request", why);
    }
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  /** True while too few bytes have come to tell the mode, but they still fit one of them. */
  private static boolean isPrefixOfAny(byte[] head) {
    for (byte[] mode :
        new byte[][] {CONNECT, CircuitPreamble.JOIN_MAGIC, CircuitPreamble.RENDEZVOUS_MAGIC}) {
      if (head.length < mode.length && Arrays.equals(head, 0, head.length, mode, 0, head.length)) {
        return true;
      }
    }
    return false;
  }

  /** Offset just past the first {@code needle} within the first {@code limit} bytes, or -1. */
  private static int indexOf(Buffer haystack, byte[] needle, int limit) {
    int max = Math.min(haystack.length(), limit) - needle.length;
    outer:
    for (int i = 0; i <= max; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i + needle.length;
    }
    return -1;
  }
}
