package dev.drawbridge.store;

import dev.drawbridge.offer.Offer;
import dev.drawbridge.offer.OfferStore;
import dev.drawbridge.offer.SentOffer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/** Push offers in SQLite (tables offer_in, offer_out; V9): one short transaction per call. */
public final class SqlOfferStore implements OfferStore {
  private final DataSource db;

  public SqlOfferStore(DataSource db) {
    this.db = db;
  }

  @Override
  public void save(Offer o) {
    write(
        "INSERT OR REPLACE INTO offer_in (id, sender, created_at, body) VALUES (?, ?, ?, ?)",
        o.id(),
        o.sender(),
        o.createdAt(),
        OfferJson.of(o));
  }

  @Override
  public List<Offer> received() {
    return read("SELECT body FROM offer_in ORDER BY created_at", OfferJson::offer);
  }

  @Override
  public void remove(String id) {
    write("DELETE FROM offer_in WHERE id = ?", id);
  }

  @Override
  public void saveSent(SentOffer s) {
    write(
        "INSERT OR REPLACE INTO offer_out (id, peer, created_at, body) VALUES (?, ?, ?, ?)",
        s.id(),
        s.peer(),
        s.createdAt(),
        OfferJson.of(s));
  }

  @Override
  public List<SentOffer> sent() {
    return read("SELECT body FROM offer_out ORDER BY created_at", OfferJson::sent);
  }

  @Override
  public void removeSent(String id) {
    write("DELETE FROM offer_out WHERE id = ?", id);
  }

  private void write(String sql, Object... args) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              try (Connection c = db.getConnection();
                  PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                  s.setObject(i + 1, args[i]);
                }
                s.executeUpdate();
              } catch (SQLException e) {
                throw new IllegalStateException("offers: " + e.getMessage(), e);
              }
            });
  }

  private <T> List<T> read(String sql, Function<String, T> decode) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<T> out = new ArrayList<>();
              try (Connection c = db.getConnection();
                  PreparedStatement s = c.prepareStatement(sql);
                  ResultSet r = s.executeQuery()) {
                while (r.next()) {
                  out.add(decode.apply(r.getString(1)));
                }
              } catch (SQLException e) {
                throw new IllegalStateException("offers: " + e.getMessage(), e);
              }
              return out;
            });
  }
}
