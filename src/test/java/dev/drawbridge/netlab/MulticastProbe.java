package dev.drawbridge.netlab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;

/**
 * Multicast check run inside lab hosts (JDK only), on an explicit interface because lab hosts on a
 * router-less segment have no default route for 224/4 to follow. {@code recv <group> <port>
 * <iface>}: joins, prints READY, prints "GOT <text> FROM <ip>" for the first datagram (exit 0) or
 * gives up after 10 s (exit 2). {@code send <group> <port> <iface> <text>}: sends the text three
 * times (UDP: a spare copy or two).
 */
public final class MulticastProbe {
  private MulticastProbe() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    InetAddress group = InetAddress.getByName(args[1]);
    int port = Integer.parseInt(args[2]);
    NetworkInterface iface = NetworkInterface.getByName(args[3]);
    if (args[0].equals("recv")) {
      try (MulticastSocket s = new MulticastSocket(port)) {
        s.joinGroup(new InetSocketAddress(group, port), iface);
        s.setSoTimeout(10_000);
        System.out.println("READY");
        System.out.flush();
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        s.receive(p);
        System.out.println(
            "GOT "
                + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)
                + " FROM "
                + p.getAddress().getHostAddress());
      } catch (java.net.SocketTimeoutException e) {
        System.out.println("NOTHING");
        System.exit(2);
      }
      return;
    }
    try (MulticastSocket s = new MulticastSocket()) {
      s.setNetworkInterface(iface);
      s.setTimeToLive(1);
      byte[] data = args[4].getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 3; i++) {
        s.send(new DatagramPacket(data, data.length, group, port));
        Thread.sleep(20);
      }
    }
  }
}
