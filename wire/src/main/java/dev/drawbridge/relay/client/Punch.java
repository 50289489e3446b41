package dev.drawbridge.relay.client;

import dev.drawbridge.relay.protocol.Addresses;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import dev.drawbridge.relay.protocol.RelayProtocolException;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * TCP hole punching (blocking; run it off the event loop). Vert.x cannot choose a client's local
 * port, and punching needs exactly that: the NAT mapping the relay observed for our rendezvous
 * connection is only reused if we connect again from the same local port.
 *
 * <ol>
 *   <li>{@link #rendezvous}: from a fresh port with SO_REUSEADDR+SO_REUSEPORT, send DBR1+token to
 *       the relay and learn the other side's observed address.
 *   <li>{@link #connect}: from that same port, connect() to the other side again and again until
 *       both SYNs cross (TCP simultaneous open) or the deadline passes. We also listen on the port:
 *       where the other's SYN arrives while we are between attempts (no NAT drops it, e.g. loopback
 *       or one side with a public address) it is accepted instead of refused.
 * </ol>
 *
 * Works through port-preserving NATs; fails through symmetric ones (then use a relayed circuit).
 */
public final class Punch {

  /** What a rendezvous yields: our local port and the other side's address beyond its NAT. */
  public record Plan(int localPort, InetSocketAddress other) {}

  private static final long RETRY_MILLIS = 100;

  private Punch() {}

  public static Plan rendezvous(String relayHost, int circuitPort, byte[] token, Duration timeout)
      throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      reusable(socket);
      socket.bind(new InetSocketAddress(0));
      socket.connect(new InetSocketAddress(relayHost, circuitPort), millis);
      socket.setSoTimeout(millis);
      socket.getOutputStream().write(CircuitPreamble.rendezvous(token));
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int length;
      try {
        length = in.read();
      } catch (SocketTimeoutException e) {
        throw new IOException("the other side did not come to the rendezvous in time", e);
      }
      if (length <= 0) {
        throw new IOException("relay refused the rendezvous (unknown token or timeout)");
      }
      byte[] address = new byte[length];
      in.readFully(address);
      try {
        return new Plan(
            socket.getLocalPort(), Addresses.parse(new String(address, StandardCharsets.UTF_8)));
      } catch (RelayProtocolException e) {
        throw new IOException("relay sent a bad address: " + e.getMessage(), e);
      }
    }
  }

  /**
   * A socket connected to {@code plan.other()} from {@code plan.localPort()}, or an IOException.
   */
  public static Socket connect(Plan plan, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    InetSocketAddress local = new InetSocketAddress(plan.localPort());
    try (Selector selector = Selector.open();
        ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      reusePort(listener);
      listener.bind(local, 4);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
      IOException last = null;
      while (System.nanoTime() < deadline) {
        SocketChannel attempt = SocketChannel.open();
        try {
          attempt.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          reusePort(attempt);
          attempt.bind(local);
          attempt.configureBlocking(false);
          if (attempt.connect(plan.other())) {
            return connected(selector, attempt);
          }
          attempt.register(selector, SelectionKey.OP_CONNECT);
        } catch (IOException e) {
          // The port pair may already be taken by an accepted connection: see the listener.
          attempt.close();
          last = e;
          attempt = null;
        }
        long roundEnd = Math.min(deadline, System.nanoTime() + RETRY_MILLIS * 1_000_000);
        Socket done = awaitRound(selector, listener, attempt, plan, roundEnd);
        if (done != null) {
          return done;
        }
        if (attempt != null) {
          attempt.close(); // still no answer: a fresh SYN next round
        }
      }
      throw new IOException(
          "hole punch to "
              + plan.other()
              + " timed out after "
              + timeout.toMillis()
              + " ms (symmetric NAT or firewall?)",
          last);
    }
  }

  private static Socket awaitRound(
      Selector selector,
      ServerSocketChannel listener,
      SocketChannel attempt,
      Plan plan,
      long roundEnd)
      throws IOException {
    while (true) {
      long left = (roundEnd - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      selector.select(left);
      for (SelectionKey key : selector.selectedKeys()) {
        if (key.isValid() && key.isAcceptable()) {
          SocketChannel in = listener.accept();
          if (in != null && plan.other().equals(in.getRemoteAddress())) {
            closeQuietly(attempt);
            return connected(selector, in);
          }
          closeQuietly(in); // someone else knocking on our punch port
        } else if (key.isValid() && key.isConnectable() && key.channel() == attempt) {
          try {
            if (attempt.finishConnect()) {
              return connected(selector, attempt);
            }
          } catch (IOException refused) {
            key.cancel(); // normal while the other NAT has no mapping yet
            return waitOut(selector, listener, plan, roundEnd);
          }
        }
      }
      selector.selectedKeys().clear();
    }
  }

  /** After a refused attempt: only the listener can still succeed this round. */
  private static Socket waitOut(
      Selector selector, ServerSocketChannel listener, Plan plan, long roundEnd)
      throws IOException {
    selector.selectedKeys().clear();
    return awaitRound(selector, listener, null, plan, roundEnd);
  }

  /** Hands out a blocking socket; a channel must leave the selector before it can block. */
  private static Socket connected(Selector selector, SocketChannel channel) throws IOException {
    SelectionKey key = channel.keyFor(selector);
    if (key != null) {
      key.cancel();
      selector.selectNow(); // deregisters cancelled keys
    }
    channel.configureBlocking(true);
    channel.socket().setTcpNoDelay(true);
    return channel.socket();
  }

  private static void reusable(Socket socket) throws IOException {
    socket.setReuseAddress(true);
    if (socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
      socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    }
  }

  private static void reusePort(NetworkChannel channel) throws IOException {
    if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
      channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    }
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing to do about a failed close of an abandoned attempt
      }
    }
  }
}
