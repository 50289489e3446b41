package dev.drawbridge.web;

import dev.drawbridge.identity.DisplayName;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.node.PeerNode;
import dev.drawbridge.offer.AutoAccept;
import dev.drawbridge.offer.FileState;
import dev.drawbridge.offer.Inbox;
import dev.drawbridge.offer.Offer;
import dev.drawbridge.offer.OfferFile;
import dev.drawbridge.offer.OfferRefused;
import dev.drawbridge.offer.OfferState;
import dev.drawbridge.offer.Outbox;
import dev.drawbridge.offer.SentOffer;
import dev.drawbridge.store.PanacheSettingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Push offers as the owner's pages and the local API see them: the inbox and outbox of this
 * process's peer, views in plain words, and the auto-accept setting.
 */
@ApplicationScoped
public class Offers {
  @Inject PeerNode node;
  @Inject ContactBook contacts;
  @Inject PanacheSettingStore settings;

  /** One file as a row: its path, size and what is happening to it, in words. */
  public record FileView(
      int n, String path, long size, String sizeText, String state, String words, long sent) {}

  /** An offer either way, in the shape both the page and the API use. */
  public record OfferView(
      String id,
      String direction,
      String peerId,
      String peerName,
      String note,
      String state,
      String words,
      int count,
      long bytes,
      String sizeText,
      String destination,
      boolean pending,
      List<FileView> files) {}

  public Inbox inbox() {
    return node.inbox();
  }

  public Outbox outbox() {
    return node.outbox();
  }

  public List<OfferView> incoming() {
    return inbox().all().stream().map(this::view).toList();
  }

  public List<OfferView> outgoing() {
    return outbox().all().stream().map(this::view).toList();
  }

  public OfferView send(String peer, List<String> paths, String note) throws java.io.IOException {
    if (peer == null || paths == null || paths.isEmpty()) {
      throw OfferRefusedAsInput.of("give a contact (peer) and at least one local path (paths)");
    }
    PeerId to = PeerId.parse(peer);
    if (contacts.find(to).isEmpty()) {
      throw OfferRefusedAsInput.of("you can send files only to your contacts; add this peer first");
    }
    return view(outbox().send(to, paths.stream().map(String::strip).map(Path::of).toList(), note));
  }

  /** {@code which} null = all still waiting. */
  public OfferView accept(String id, Set<Integer> which, String destination) {
    Path folder =
        destination == null || destination.isBlank() ? null : Path.of(destination.strip());
    return view(inbox().accept(id, which, folder));
  }

  public OfferView reject(String id, Set<Integer> which) {
    return view(inbox().reject(id, which));
  }

  /** Clears a received offer, or withdraws a sent one. */
  public boolean remove(String id) {
    if (inbox().dismiss(id)) {
      return true;
    }
    if (outbox().find(id).isPresent()) {
      outbox().withdraw(id);
      return true;
    }
    return false;
  }

  public AutoAccept autoAccept(List<String> peers, String folder) {
    Set<String> ids = new HashSet<>();
    for (String p : peers == null ? List.<String>of() : peers) {
      ids.add(PeerId.parse(p).value());
    }
    AutoAccept rule =
        new AutoAccept(ids, folder == null || folder.isBlank() ? null : Path.of(folder.strip()));
    settings.write(AutoAccept.SETTING, rule.toJson());
    return rule;
  }

  public AutoAccept autoAccept() {
    return settings.read(AutoAccept.SETTING).map(AutoAccept::fromJson).orElse(AutoAccept.NONE);
  }

  OfferView view(Offer o) {
    String name = name(o.sender());
    List<FileView> files =
        o.files().stream()
            .map(
                f ->
                    file(
                        f,
                        incomingWords(f.state()),
                        f.state() == FileState.COMPLETED ? f.size() : 0))
            .toList();
    String words =
        switch (o.state()) {
          case PENDING -> name + " wants to send you " + count(o.files().size());
          case ACCEPTED ->
              "Accepted: " + done(o.files()) + " of " + count(taken(o.files())) + " arrived";
          case REJECTED -> "You declined these files";
          case EXPIRED -> "This offer expired before you answered";
        };
    return new OfferView(
        o.id(),
        "in",
        o.sender(),
        name,
        o.note(),
        o.state().wire(),
        words,
        o.files().size(),
        o.totalBytes(),
        Sizes.human(o.totalBytes()),
        o.destination(),
        o.state() == OfferState.PENDING,
        files);
  }

  OfferView view(SentOffer s) {
    String name = name(s.peer());
    List<FileView> files = s.files().stream().map(f -> sentFile(s, f, name)).toList();
    String words =
        s.withdrawn()
            ? "You withdrew this offer"
            : s.remoteId() == null && !s.finished()
                ? "Offering to " + name + "…"
                : switch (s.state()) {
                  case PENDING -> "Waiting for " + name + " to answer";
                  case ACCEPTED -> "Sent " + done(s.files()) + " of " + count(taken(s.files()));
                  case REJECTED -> name + " declined";
                  case EXPIRED -> name + " did not answer in time";
                };
    return new OfferView(
        s.id(),
        "out",
        s.peer(),
        name,
        s.note(),
        s.state().wire(),
        words,
        s.files().size(),
        s.totalBytes(),
        Sizes.human(s.totalBytes()),
        null,
        !s.finished(),
        files);
  }

  /** A sent file; while it is being sent its words say how far ("sending, 45 %"). */
  private FileView sentFile(SentOffer s, OfferFile f, String name) {
    long sent = outbox().sent(s.id(), f.n());
    String words = outgoingWords(f.state(), name);
    if (f.state() == FileState.ACCEPTED && sent > 0 && f.size() > 0) {
      words = "sending, " + (sent * 100 / f.size()) + " %";
    }
    return file(f, words, sent);
  }

  private static FileView file(OfferFile f, String words, long sent) {
    return new FileView(
        f.n(), f.path(), f.size(), Sizes.human(f.size()), f.state().wire(), words, sent);
  }

  private static String incomingWords(FileState s) {
    return switch (s) {
      case PENDING -> "waiting for your answer";
      case ACCEPTED -> "accepted, arriving";
      case REJECTED -> "declined";
      case COMPLETED -> "arrived";
      case FAILED -> "did not arrive";
    };
  }

  private static String outgoingWords(FileState s, String name) {
    return switch (s) {
      case PENDING -> "waiting for " + name;
      case ACCEPTED -> "accepted, sending";
      case REJECTED -> "declined";
      case COMPLETED -> "sent";
      case FAILED -> "could not be sent";
    };
  }

  /** Files the receiver took (not declined): what "n of m" counts. */
  private static int taken(List<OfferFile> files) {
    return (int) files.stream().filter(f -> f.state() != FileState.REJECTED).count();
  }

  private static long done(List<OfferFile> files) {
    return files.stream().filter(f -> f.state() == FileState.COMPLETED).count();
  }

  private static String count(int n) {
    return n == 1 ? "1 file" : n + " files";
  }

  private String name(String peerId) {
    PeerId id = PeerId.parse(peerId);
    return contacts
        .find(id)
        .map(c -> c.nickname() != null ? c.nickname() : c.name())
        .orElse(DisplayName.of(id));
  }

  /** Bad input from the owner: a 400 with the inbox's words. */
  static final class OfferRefusedAsInput {
    private OfferRefusedAsInput() {}

    static OfferRefused of(String message) {
      return new OfferRefused(400, "invalid", message);
    }
  }
}
