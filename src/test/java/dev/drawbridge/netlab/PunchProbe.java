package dev.drawbridge.netlab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;

/**
 * The client half of TCP hole punching, run inside a lab host (JDK only). {@code whoami <obsHost>
 * <obsPort> <localPort>}: prints "PUBLIC ip:port" as the observer saw it. {@code punch <obsHost>
 * <obsPort> <localPort> <deadlineMs>}: the same, then reads the peer's public "ip:port" from stdin
 * and connects to it from the same local port (simultaneous open), retrying every 100 ms until the
 * deadline; prints "CONNECTED hello from <peer's public ip:port>" (exit 0) or "FAILED <why>" (exit
 * 2).
 */
public final class PunchProbe {
  private static final PrintStream OUT = System.out;

  private PunchProbe() {}

  public static void main(String[] args) throws IOException {
    InetSocketAddress observer = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    int localPort = Integer.parseInt(args[3]);
    String me;
    try (Socket s = bound(localPort)) {
      s.connect(observer, 5000);
      BufferedReader in = reader(s);
      me = in.readLine();
      OUT.println("PUBLIC " + me);
      OUT.flush();
      // Read to EOF: the observer closes first, so this side leaves no TIME_WAIT on the port.
      while (in.readLine() != null) {
        // drain
      }
    }
    if (args[0].equals("whoami")) {
      return;
    }
    String[] peer =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))
            .readLine()
            .split(":");
    // The clock starts once the peer is known: waiting for the introduction must not eat the
    // budget.
    long deadline = System.currentTimeMillis() + Long.parseLong(args[4]);
    InetSocketAddress target = new InetSocketAddress(peer[0], Integer.parseInt(peer[1]));
    String why = "deadline passed";
    while (System.currentTimeMillis() < deadline) {
      long attempt = System.currentTimeMillis();
      Socket s = bound(localPort);
      try {
        // A long connect: our SYN opens our NAT; the peer's SYN then gets through and the
        // kernel completes a simultaneous open. Only a RST (peer not yet dialling) ends it early.
        s.connect(target, (int) Math.max(1, deadline - attempt));
        s.setSoTimeout(5000);
        s.getOutputStream().write(("hello from " + me + "\n").getBytes(StandardCharsets.US_ASCII));
        OUT.println("CONNECTED " + reader(s).readLine());
        s.close();
        return;
      } catch (ConnectException e) {
        why = "refused: " + e.getMessage();
      } catch (SocketTimeoutException e) {
        why = "timed out: " + e.getMessage();
      } catch (IOException e) {
        why = e.toString();
      }
      s.close();
      long pause = attempt + 100 - System.currentTimeMillis();
      if (pause > 0) {
        sleep(pause);
      }
    }
    OUT.println("FAILED " + why);
    OUT.flush();
    System.exit(2);
  }

  /**
   * Both sockets (observer, punch) share one local port: REUSEADDR + REUSEPORT, as the product
   * will.
   */
  private static Socket bound(int localPort) throws IOException {
    Socket s = new Socket();
    s.setReuseAddress(true);
    s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
    s.bind(new InetSocketAddress(localPort));
    return s;
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
