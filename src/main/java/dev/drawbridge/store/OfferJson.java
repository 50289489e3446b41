package dev.drawbridge.store;

import dev.drawbridge.offer.FileState;
import dev.drawbridge.offer.Offer;
import dev.drawbridge.offer.OfferFile;
import dev.drawbridge.offer.OfferState;
import dev.drawbridge.offer.SentOffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** How an offer is kept in the "body" column: JSON, files as compact arrays. */
final class OfferJson {
  private OfferJson() {}

  static String of(Offer o) {
    return new JsonObject()
        .put("id", o.id())
        .put("sender", o.sender())
        .put("senderOfferId", o.senderOfferId())
        .put("note", o.note())
        .put("files", files(o.files()))
        .put("destination", o.destination())
        .put("createdAt", o.createdAt())
        .put("expiresAt", o.expiresAt())
        .put("expired", o.expired())
        .encode();
  }

  static Offer offer(String text) {
    JsonObject j = new JsonObject(text);
    return new Offer(
        j.getString("id"),
        j.getString("sender"),
        j.getString("senderOfferId"),
        j.getString("note"),
        files(j.getJsonArray("files")),
        j.getString("destination"),
        j.getLong("createdAt"),
        j.getLong("expiresAt"),
        j.getBoolean("expired"));
  }

  static String of(SentOffer s) {
    return new JsonObject()
        .put("id", s.id())
        .put("peer", s.peer())
        .put("remoteId", s.remoteId())
        .put("note", s.note())
        .put("files", files(s.files()))
        .put("state", s.state().wire())
        .put("withdrawn", s.withdrawn())
        .put("createdAt", s.createdAt())
        .encode();
  }

  static SentOffer sent(String text) {
    JsonObject j = new JsonObject(text);
    return new SentOffer(
        j.getString("id"),
        j.getString("peer"),
        j.getString("remoteId"),
        j.getString("note"),
        files(j.getJsonArray("files")),
        OfferState.ofWire(j.getString("state")),
        j.getBoolean("withdrawn"),
        j.getLong("createdAt"));
  }

  private static JsonArray files(List<OfferFile> files) {
    JsonArray out = new JsonArray();
    for (OfferFile f : files) {
      out.add(
          new JsonArray()
              .add(f.path())
              .add(f.size())
              .add(f.sha256())
              .add(f.state().wire())
              .add(f.placedAs()));
    }
    return out;
  }

  private static List<OfferFile> files(JsonArray rows) {
    List<OfferFile> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonArray r = rows.getJsonArray(i);
      out.add(
          new OfferFile(
              i,
              r.getString(0),
              r.getLong(1),
              r.getString(2),
              FileState.ofWire(r.getString(3)),
              r.getString(4)));
    }
    return out;
  }
}
