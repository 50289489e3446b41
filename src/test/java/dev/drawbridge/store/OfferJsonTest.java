package dev.drawbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drawbridge.offer.FileState;
import dev.drawbridge.offer.Offer;
import dev.drawbridge.offer.OfferFile;
import dev.drawbridge.offer.OfferState;
import dev.drawbridge.offer.SentOffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offers survive a restart as they were: every field and file state comes back from the row. */
class OfferJsonTest {
  @Test
  void aReceivedOfferReadsBackAsWritten() {
    Offer o =
        new Offer(
            "id1",
            "SENDER",
            "theirs",
            "a note with \"quotes\" and ü",
            List.of(
                new OfferFile(0, "a/b.txt", 12, null, FileState.COMPLETED, "a/b (1).txt"),
                new OfferFile(1, "c.txt", 0, "ab".repeat(32), FileState.REJECTED, null)),
            "/home/me/in",
            1000,
            2000,
            true);
    assertEquals(o, OfferJson.offer(OfferJson.of(o)));
  }

  @Test
  void aSentOfferReadsBackAsWritten() {
    SentOffer s =
        new SentOffer(
            "mine",
            "PEER",
            null,
            "",
            List.of(new OfferFile(0, "x.bin", 5, null, FileState.ACCEPTED, "/abs/x.bin")),
            OfferState.PENDING,
            false,
            7);
    assertEquals(s, OfferJson.sent(OfferJson.of(s)));
  }
}
