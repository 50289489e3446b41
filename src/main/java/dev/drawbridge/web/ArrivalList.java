package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.ContactBook;
import dev.drawbridge.mesh.ContactBook.ContactView;
import dev.drawbridge.upload.Arrival;
import dev.drawbridge.upload.ArrivalLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What arrived in a share, as the owner reads it: newest first, paged, each sender by the name the
 * owner gave them (else the start of their peer id). Only the owner's UI and API show this.
 */
@ApplicationScoped
public class ArrivalList {
  static final int PAGE = 20;
  static final int MAX_PAGE = 500;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  @Inject ArrivalLog log;
  @Inject ContactBook contacts;

  /** One arrival for people and for the API. */
  public record Row(
      String path,
      String peerId,
      String from,
      long bytes,
      String size,
      String sha256,
      boolean replaced,
      long at,
      String when) {}

  /** A page of rows; {@code next} is the cursor for older ones (null: no more). */
  public record Listing(List<Row> arrivals, String next) {}

  Listing page(String share, String before, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be from 1 to " + MAX_PAGE);
    }
    ArrivalLog.Page page =
        log.page(share, before == null || before.isBlank() ? null : before, limit);
    Map<String, String> names = new HashMap<>();
    for (ContactView c : contacts.list()) {
      if (c.nickname() != null && !c.nickname().isBlank()) {
        names.put(c.peerId(), c.nickname());
      }
    }
    ZoneId zone = ZoneId.systemDefault();
    List<Row> rows =
        page.arrivals().stream()
            .map(
                a ->
                    new Row(
                        a.path(),
                        a.peerId(),
                        names.getOrDefault(a.peerId(), shortId(a)),
                        a.bytes(),
                        Sizes.human(a.bytes()),
                        a.sha256(),
                        a.replaced(),
                        a.at(),
                        WHEN.format(Instant.ofEpochMilli(a.at()).atZone(zone))))
            .toList();
    return new Listing(rows, page.next());
  }

  private static String shortId(Arrival a) {
    return PeerId.tryParse(a.peerId()).map(PeerId::shortForm).orElse(a.peerId());
  }
}
