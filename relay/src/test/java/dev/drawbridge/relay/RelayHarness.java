package dev.drawbridge.relay;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.RelayClient;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A relay on 127.0.0.1 with ephemeral ports, plus helpers to talk to it in tests. */
final class RelayHarness implements AutoCloseable {

  static final String HOST = "127.0.0.1";

  final Vertx vertx = Vertx.vertx();
  final RelayServer server;

  RelayHarness(RelayConfig config) {
    server = new RelayServer(vertx, Identity.generate(), config);
    await(server.start());
  }

  RelayHarness() {
    this(RelayConfig.loopback());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  RelayClient client(Identity identity, RelayClient.Listener listener) {
    RelayClient client = new RelayClient(vertx, identity, HOST, server.controlPort(), listener);
    await(client.connect());
    return client;
  }

  private RelayClient source;

  /** A peer's control connection that asks for circuit tokens (one per harness). */
  synchronized RelayClient source() {
    if (source == null) {
      source = client(Identity.generate(), new RelayClient.Listener() {});
    }
    return source;
  }

  /** A v2 CONNECT to {@code target} with a fresh token obtained by {@link #source()}. */
  byte[] connect(PeerId target) {
    return connect(source(), target);
  }

  /** A v2 CONNECT to {@code target} with a fresh token obtained by {@code from}. */
  static byte[] connect(RelayClient from, PeerId target) {
    byte[] token = await(from.circuitToken(target));
    return CircuitPreamble.connectRequest(target, 7778, token).getBytes(StandardCharsets.US_ASCII);
  }

  Socket circuitSocket() throws IOException {
    Socket socket = new Socket(HOST, server.circuitPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Reads an HTTP response head (up to the blank line) byte by byte, leaving the rest unread. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] sofar = head.toByteArray();
      int n = sofar.length;
      if (n >= 4
          && sofar[n - 4] == '\r'
          && sofar[n - 3] == '\n'
          && sofar[n - 2] == '\r'
          && sofar[n - 1] == '\n') {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    await(server.stop());
    await(vertx.close());
  }
}
