package dev.drawbridge.offer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offers received and sent, kept across restarts. Every method may block (a database): the inbox
 * and outbox call it from worker threads only.
 */
public interface OfferStore {
  void save(Offer offer);

  List<Offer> received();

  void remove(String id);

  void saveSent(SentOffer offer);

  List<SentOffer> sent();

  void removeSent(String id);

  /** Kept in memory only: tests and the CDI-free core. */
  static OfferStore inMemory() {
    Map<String, Offer> in = new ConcurrentHashMap<>();
    Map<String, SentOffer> out = new ConcurrentHashMap<>();
    return new OfferStore() {
      @Override
      public void save(Offer offer) {
        in.put(offer.id(), offer);
      }

      @Override
      public List<Offer> received() {
        return List.copyOf(in.values());
      }

      @Override
      public void remove(String id) {
        in.remove(id);
      }

      @Override
      public void saveSent(SentOffer offer) {
        out.put(offer.id(), offer);
      }

      @Override
      public List<SentOffer> sent() {
        return List.copyOf(out.values());
      }

      @Override
      public void removeSent(String id) {
        out.remove(id);
      }
    };
  }

  /** Lookup helper for stores that list everything. */
  default Optional<Offer> find(String id) {
    return received().stream().filter(o -> o.id().equals(id)).findFirst();
  }
}
