package dev.drawbridge.web;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.store.DatabaseBootstrap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the top of every page shows: who this peer is, where the mesh reaches it, and database
 * notices.
 */
@ApplicationScoped
public class Masthead {
  @Inject Identity identity;
  @Inject PeerNode node;

  /** Header data every page shows. */
  public record Me(
      String peerId,
      String grouped,
      String name,
      int meshPort,
      List<String> meshAddresses,
      String dbNotice) {}

  Me me() {
    DatabaseBootstrap.Outcome db = DatabaseBootstrap.outcome();
    String notice = db == null || db.mode() == DatabaseBootstrap.Mode.FILE ? null : db.message();
    int port = node.meshPort();
    List<String> addresses = new ArrayList<>();
    String bound = node.meshHost();
    if (!bound.equals("0.0.0.0") && !bound.equals("::")) {
      addresses.add(bound + ":" + port);
    } else {
      addresses.addAll(interfaces(port));
      addresses.add("127.0.0.1:" + port);
    }
    PeerId id = identity.peerId();
    return new Me(id.value(), id.grouped(), DisplayName.of(id), port, addresses, notice);
  }

  private static List<String> interfaces(int port) {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp() && !nic.isLoopback()) {
          for (InetAddress a : Collections.list(nic.getInetAddresses())) {
            if (a instanceof Inet4Address) {
              addresses.add(a.getHostAddress() + ":" + port);
            }
          }
        }
      }
    } catch (SocketException e) {
      // No interfaces to show; loopback still works for peers on this machine.
    }
    return addresses;
  }
}
