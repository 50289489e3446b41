package dev.drawbridge.web;

import dev.drawbridge.node.PeerNode;
import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.share.ShareCatalog;
import dev.drawbridge.share.ShareCatalog.ShareView;
import dev.drawbridge.store.DatabaseBootstrap;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The owner UI's pages (identity, shares, contacts); browsing a contact is in {@link BrowsePage}. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {
  @Inject Identity identity;
  @Inject PeerNode node;
  @Inject ShareCatalog shares;
  @Inject ContactBook contacts;

  /** Header data every page shows. */
  public record Me(String peerId, String grouped, String name, int meshPort, List<String> meshAddresses, String dbNotice) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance identity(Me me, NetworkApi.Network network, String error);

    static native TemplateInstance identity$network(NetworkApi.Network network, String error);

    static native TemplateInstance shares(Me me, List<ShareView> shares, List<ContactView> contacts, String error);

    static native TemplateInstance shares$list(List<ShareView> shares, List<ContactView> contacts, String error);

    static native TemplateInstance contacts(Me me, List<ContactView> contacts, String error);

    static native TemplateInstance contacts$list(List<ContactView> contacts, String error);
  }

  @Inject NetworkApi network;

  @GET
  public TemplateInstance identity() {
    return Templates.identity(me(), network.network(), null);
  }

  @GET
  @Path("shares")
  public TemplateInstance shares() {
    return Templates.shares(me(), shares.list(), contacts.list(), null);
  }

  @GET
  @Path("contacts")
  public TemplateInstance contacts() {
    return Templates.contacts(me(), contacts.list(), null);
  }

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
            if (a instanceof java.net.Inet4Address) {
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
