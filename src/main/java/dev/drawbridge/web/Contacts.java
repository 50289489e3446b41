package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.mesh.PeerAddress;
import dev.drawbridge.node.PeerNode;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Contacts as the contacts page and the API change them: the contact book plus the dialer, which
 * must forget a path it knew when a contact's address changes or the contact goes.
 */
@ApplicationScoped
public class Contacts {
  @Inject ContactBook book;
  @Inject PeerNode node;

  /** Whether (and how) a contact answered when dialed now. */
  public record Status(
      String peerId, boolean reachable, String route, String name, String reason) {}

  List<ContactView> list() {
    return book.list();
  }

  ContactView save(String peerIdText, String addressText, String nickname) {
    PeerId peer = PeerId.parse(peerIdText);
    PeerAddress address =
        addressText == null || addressText.isBlank() ? null : PeerAddress.parse(addressText);
    book.save(peer, address, nickname);
    node.dialer().forget(peer);
    return book.find(peer).orElseThrow();
  }

  /** False when there was no such contact. */
  boolean remove(String peerIdText) {
    PeerId peer = PeerId.parse(peerIdText);
    node.dialer().forget(peer);
    return book.remove(peer);
  }

  /** Dials the contact now and says whether (and how) it answered. */
  Future<Status> probe(PeerId peer) {
    return node.dialer()
        .dial(peer)
        .compose(
            link ->
                node.client()
                    .hello(peer)
                    .map(
                        hello ->
                            new Status(
                                peer.value(),
                                true,
                                link.route().toString(),
                                hello.getString("name"),
                                null)))
        .recover(
            e ->
                Future.succeededFuture(
                    new Status(peer.value(), false, null, null, e.getMessage())));
  }

  /** Retries every path now (relays, LAN discovery), so the contacts' states are fresh. */
  void refreshNetwork() {
    node.refreshNetwork();
  }
}
