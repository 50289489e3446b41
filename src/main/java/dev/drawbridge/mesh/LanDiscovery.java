package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.jboss.logging.Logger;

/**
 * Finds peers on the same LAN with mDNS/DNS-SD (JmDNS): advertises {@code _drawbridge._tcp.local.}
 * with this peer's PeerId and mesh port, and remembers where each PeerId was last seen. What it
 * learns is only a hint: dialing still requires the peer to prove its key over TLS.
 */
public final class LanDiscovery implements AddressBook, AutoCloseable {
  static final String SERVICE = "_drawbridge._tcp.local.";
  private static final Logger LOG = Logger.getLogger(LanDiscovery.class);

  private final PeerId self;
  private final int meshPort;
  private final List<JmDNS> responders = new CopyOnWriteArrayList<>();
  private final Map<PeerId, List<PeerAddress>> seen = new ConcurrentHashMap<>();

  public LanDiscovery(PeerId self, int meshPort) {
    this.self = self;
    this.meshPort = meshPort;
  }

  /** Starts one responder per up, multicast-capable IPv4 interface. Blocks for JmDNS probing. */
  public void start() {
    for (InetAddress address : lanAddresses()) {
      try {
        JmDNS jmdns = JmDNS.create(address, "drawbridge-" + self.shortForm().toLowerCase());
        jmdns.addServiceListener(SERVICE, new Listener(jmdns));
        jmdns.registerService(
            ServiceInfo.create(
                SERVICE, self.value(), meshPort, 0, 0, Map.of("id", self.value(), "v", "1")));
        responders.add(jmdns);
        LOG.infof("mDNS: advertising %s on %s", self.shortForm(), address.getHostAddress());
      } catch (IOException e) {
        LOG.warnf("mDNS unavailable on %s: %s", address.getHostAddress(), e.getMessage());
      }
    }
  }

  /** Asks the LAN again now (the owner pressed "refresh network"). */
  public void refresh() {
    for (JmDNS j : responders) {
      for (ServiceInfo info : j.list(SERVICE, 1500)) {
        remember(info);
      }
    }
  }

  @Override
  public List<PeerAddress> addressesOf(PeerId peer) {
    return seen.getOrDefault(peer, List.of());
  }

  @Override
  public void close() {
    for (JmDNS j : responders) {
      try {
        j.unregisterAllServices();
        j.close();
      } catch (IOException | RuntimeException e) {
        LOG.debugf("mDNS close: %s", e.getMessage());
      }
    }
    responders.clear();
  }

  private void remember(ServiceInfo info) {
    String id = info.getPropertyString("id");
    PeerId peer = id == null ? null : PeerId.tryParse(id).orElse(null);
    if (peer == null || peer.equals(self) || info.getPort() <= 0) {
      return;
    }
    List<PeerAddress> addresses = new ArrayList<>();
    for (Inet4Address a : info.getInet4Addresses()) {
      addresses.add(new PeerAddress(a.getHostAddress(), info.getPort()));
    }
    if (!addresses.isEmpty()) {
      seen.put(peer, List.copyOf(addresses));
    }
  }

  private final class Listener implements ServiceListener {
    private final JmDNS jmdns;

    Listener(JmDNS jmdns) {
      this.jmdns = jmdns;
    }

    @Override
    public void serviceAdded(ServiceEvent event) {
      jmdns.requestServiceInfo(event.getType(), event.getName(), 1000);
    }

    @Override
    public void serviceRemoved(ServiceEvent event) {
      PeerId.tryParse(event.getName()).ifPresent(seen::remove);
    }

    @Override
    public void serviceResolved(ServiceEvent event) {
      remember(event.getInfo());
    }
  }

  private static List<InetAddress> lanAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp() && !nic.isLoopback() && nic.supportsMulticast()) {
          for (InetAddress a : Collections.list(nic.getInetAddresses())) {
            if (a instanceof Inet4Address) {
              out.add(a);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.warnf("mDNS: cannot list interfaces: %s", e.getMessage());
    }
    return out;
  }
}
