package dev.drawbridge.offer;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.share.BadPathException;
import dev.drawbridge.share.SharePath;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Offers this peer received, until the owner answers them file by file. Nothing is written to the
 * destination here: the upload receiver writes only files this inbox says are accepted ({@link
 * #target}). Methods write through to the {@link OfferStore} and so may block: call them from
 * worker threads. Synchronized: one offer changes at a time, which is plenty for people clicking.
 */
public final class Inbox {
  /** Where the upload receiver should put one accepted file. */
  public record Target(Path folder, SharePath path, long size, String sha256) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final OfferStore store;
  private final Predicate<PeerId> isContact;
  private final Supplier<InboxRules> rules;
  private final LongSupplier clock;
  private final Map<String, Offer> offers = new LinkedHashMap<>();
  private final List<Consumer<Offer>> listeners = new CopyOnWriteArrayList<>();

  public Inbox(
      OfferStore store,
      Predicate<PeerId> isContact,
      Supplier<InboxRules> rules,
      LongSupplier clock) {
    this.store = store;
    this.isContact = isContact;
    this.rules = rules;
    this.clock = clock;
    store.received().stream()
        .sorted(Comparator.comparingLong(Offer::createdAt))
        .forEach(o -> offers.put(o.id(), o));
  }

  /** Told of every new or changed offer (live updates for the owner's pages). */
  public void onChange(Consumer<Offer> listener) {
    listeners.add(listener);
  }

  /** Only contacts may offer; anyone else gets the same 404 as any unknown resource. */
  public boolean mayOffer(PeerId sender) {
    return isContact.test(sender);
  }

  /**
   * A contact offers files: checked, counted against its limits, kept (and maybe auto-accepted).
   */
  public synchronized Offer receive(PeerId sender, JsonObject body) {
    if (!mayOffer(sender)) {
      throw OfferRefused.notFound();
    }
    InboxRules r = rules.get();
    if (!r.accepting()) {
      throw new OfferRefused(403, "not_accepting", "this peer does not take offers now");
    }
    OfferRequest request = OfferRequest.parse(body);
    long fromSender = pending().filter(o -> o.sender().equals(sender.value())).count();
    if (fromSender >= InboxRules.PER_PEER) {
      throw new OfferRefused(
          429, "too_many_offers", "you have " + fromSender + " offers waiting for an answer here");
    }
    if (pending().count() >= InboxRules.TOTAL) {
      throw new OfferRefused(507, "inbox_full", "this peer has too many offers waiting");
    }
    long now = clock.getAsLong();
    Offer offer =
        new Offer(
            newId(),
            sender.value(),
            request.senderOfferId(),
            request.note(),
            request.files(),
            null,
            now,
            now + r.expiry().toMillis(),
            false);
    if (r.autoAccept().covers(sender.value())) {
      offer = offer.decide(null, FileState.ACCEPTED, r.autoAccept().folder().toString());
    }
    forgetOldest();
    return put(offer);
  }

  /** The sender's view of its own offer; another peer's is not found. */
  public synchronized Optional<Offer> forSender(PeerId sender, String id) {
    Offer o = offers.get(id);
    return o != null && o.sender().equals(sender.value()) ? Optional.of(o) : Optional.empty();
  }

  public synchronized Optional<Offer> find(String id) {
    return Optional.ofNullable(offers.get(id));
  }

  /** Newest first. */
  public synchronized List<Offer> all() {
    List<Offer> out = new ArrayList<>(offers.values());
    out.sort(Comparator.comparingLong(Offer::createdAt).reversed());
    return out;
  }

  /**
   * The owner accepts files ({@code which} null = all still pending) into {@code destination}
   * (absolute; null = the offer's folder if it has one, else the default).
   */
  public synchronized Offer accept(String id, Set<Integer> which, Path destination) {
    Offer o = open(id);
    if (destination != null && !destination.isAbsolute()) {
      throw OfferRefused.bad("the destination must be an absolute folder path");
    }
    String folder =
        destination != null
            ? destination.toString()
            : o.destination() != null
                ? o.destination()
                : rules.get().defaultDestination().toString();
    return put(o.decide(which, FileState.ACCEPTED, folder));
  }

  public synchronized Offer reject(String id, Set<Integer> which) {
    return put(open(id).decide(which, FileState.REJECTED, null));
  }

  /** The sender withdrew it: forgotten. Uploads already under way end with their own requests. */
  public synchronized boolean withdraw(PeerId sender, String id) {
    if (forSender(sender, id).isEmpty()) {
      return false;
    }
    dismiss(id);
    return true;
  }

  /** The owner clears it from the inbox. */
  public synchronized boolean dismiss(String id) {
    Offer gone = offers.remove(id);
    if (gone != null) {
      store.remove(id);
      Offer shown = gone.expire();
      listeners.forEach(l -> l.accept(shown));
    }
    return gone != null;
  }

  /**
   * Where the sender's upload of file {@code n} goes: only an accepted file, into the offer's
   * folder, under its path or the first free "name (k).ext" (the sender cannot see our folder).
   */
  public synchronized Target target(PeerId sender, String id, int n) {
    Offer o = forSender(sender, id).orElseThrow(OfferRefused::notFound);
    OfferFile f = o.file(n);
    if (f == null) {
      throw OfferRefused.notFound();
    }
    if (f.state() != FileState.ACCEPTED) {
      throw new OfferRefused(403, "not_accepted", "file " + n + " is " + f.state().wire());
    }
    Path folder = Path.of(o.destination());
    try {
      return new Target(
          folder, FreeName.in(folder, SharePath.parse(f.path())), f.size(), f.sha256());
    } catch (BadPathException e) {
      throw new OfferRefused(400, "bad_path", e.getMessage()); // checked at receive; not reached
    }
  }

  /** The upload receiver placed file {@code n} at {@code placedAs} (inside the destination). */
  public synchronized void arrived(String id, int n, String placedAs) {
    change(id, n, f -> f.placed(placedAs));
  }

  /** The upload of file {@code n} failed for good (the sender may not retry it). */
  public synchronized void failed(String id, int n) {
    change(id, n, f -> f.with(FileState.FAILED));
  }

  /** Offers past their expiry stop waiting: undecided files count as rejected. */
  public synchronized int sweep() {
    long now = clock.getAsLong();
    List<Offer> due =
        offers.values().stream().filter(o -> !o.expired() && o.expiresAt() <= now).toList();
    due.forEach(o -> put(o.expire()));
    return due.size();
  }

  /** The soonest expiry among waiting offers, for scheduling the sweep; empty when none waits. */
  public synchronized Optional<Long> nextExpiry() {
    return offers.values().stream()
        .filter(o -> !o.expired())
        .map(Offer::expiresAt)
        .min(Long::compare);
  }

  private void change(String id, int n, java.util.function.UnaryOperator<OfferFile> how) {
    Offer o = offers.get(id);
    if (o != null && o.file(n) != null) {
      put(o.withFile(how.apply(o.file(n))));
    }
  }

  private Offer open(String id) {
    Offer o = offers.get(id);
    if (o == null) {
      throw OfferRefused.notFound();
    }
    if (o.expired()) {
      throw new OfferRefused(409, "expired", "this offer expired; ask the sender to send it again");
    }
    return o;
  }

  private java.util.stream.Stream<Offer> pending() {
    return offers.values().stream().filter(o -> o.state() == OfferState.PENDING);
  }

  /** Keeps the inbox bounded: past {@link InboxRules#KEPT}, the oldest answered offer goes. */
  private void forgetOldest() {
    if (offers.size() < InboxRules.KEPT) {
      return;
    }
    offers.values().stream()
        .filter(o -> o.state() != OfferState.PENDING)
        .findFirst()
        .ifPresent(o -> dismiss(o.id()));
  }

  private Offer put(Offer o) {
    store.save(o);
    offers.put(o.id(), o);
    listeners.forEach(l -> l.accept(o));
    return o;
  }

  static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
