package dev.drawbridge.offer;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.mesh.MeshServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Push offers on the mesh listener (a contact sends files without a share):
 *
 * <pre>
 *   sender                                              receiver
 *   POST /peer/v1/offers {"id","files":[{"n","path","size","sha256"}],"total","note"}
 *                                                  ←    201 {"offer":id} | 400 | 429 | 507
 *   GET  /peer/v1/offers/{offer}[?wait=25&amp;known=v] ←   {"state","version","files":[{"n","state"}]}
 *        (long poll: with wait, answers when the version differs from known, or after wait s)
 *   PUT  /peer/v1/offers/{offer}/files/{n}          ←    an upload create into the accepted folder
 *        (same headers as a share upload; the receiver picks "name (1).ext" itself; 403
 *        not_accepted unless the owner accepted that file), then PATCH/HEAD/DELETE
 *        /peer/v1/uploads/{id} as for shares
 *   DELETE /peer/v1/offers/{offer}                  ←    204: the sender withdraws it
 * </pre>
 *
 * Only contacts may offer: anyone else, and any offer of another sender, gets the peer API's fixed
 * 404. Nothing is written before the owner accepts a file; the inbox bounds what is kept.
 */
public final class OfferResponder implements MeshServer.PeerHandler {
  public static final String PREFIX = "/peer/v1/offers";
  static final int MAX_BODY = 4 * 1024 * 1024; // 10,000 files with long paths fit
  static final int MAX_WAIT_SECONDS = 25;
  private static final Logger LOG = Logger.getLogger(OfferResponder.class);
  private static final String NOT_FOUND =
      new JsonObject().put("error", "not_found").put("message", "not found").encode();

  private final Vertx vertx;
  private final Inbox inbox;
  private final Intake intake;
  private final Map<String, List<Runnable>> waiters = new ConcurrentHashMap<>();

  public OfferResponder(Vertx vertx, Inbox inbox, Intake intake) {
    this.vertx = vertx;
    this.inbox = inbox;
    this.intake = intake;
    inbox.onChange(o -> wake(o.id()));
  }

  @Override
  public void handle(PeerId caller, HttpServerRequest req) {
    if (!inbox.mayOffer(caller)) {
      notFound(req);
      return;
    }
    String[] parts = req.path().substring(PREFIX.length()).split("/", -1);
    // parts: [""] | ["", id] | ["", id, "files", n]
    HttpMethod m = req.method();
    if (parts.length == 1 && parts[0].isEmpty() && m == HttpMethod.POST) {
      receive(caller, req);
    } else if (parts.length == 2 && m == HttpMethod.GET) {
      status(caller, req, parts[1]);
    } else if (parts.length == 2 && m == HttpMethod.DELETE) {
      blocking(req, () -> inbox.withdraw(caller, parts[1]))
          .onSuccess(gone -> done(req, gone ? 204 : 404, gone ? null : NOT_FOUND));
    } else if (parts.length == 4 && parts[2].equals("files") && m == HttpMethod.PUT) {
      file(caller, req, parts[1], parts[3]);
    } else {
      notFound(req);
    }
  }

  private void receive(PeerId caller, HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    if (length != null && length.length() > 9
        || length != null && Long.parseLong(length) > MAX_BODY) {
      refuse(req, new OfferRefused(413, "too_large", "an offer is at most " + MAX_BODY + " bytes"));
      return;
    }
    Buffer body = Buffer.buffer();
    req.handler(
        chunk -> {
          if (body.length() + chunk.length() > MAX_BODY) {
            req.pause();
            refuse(
                req,
                new OfferRefused(413, "too_large", "an offer is at most " + MAX_BODY + " bytes"));
            req.connection().close();
          } else {
            body.appendBuffer(chunk);
          }
        });
    req.endHandler(
        v -> {
          if (req.response().ended()) {
            return;
          }
          JsonObject json;
          try {
            json = body.toJsonObject();
          } catch (DecodeException | ClassCastException e) {
            refuse(req, OfferRefused.bad("the offer is not a JSON object"));
            return;
          }
          blocking(req, () -> inbox.receive(caller, json))
              .onSuccess(o -> done(req, 201, new JsonObject().put("offer", o.id()).encode()));
        });
  }

  private void status(PeerId caller, HttpServerRequest req, String id) {
    int wait;
    try {
      String w = req.getParam("wait");
      wait = w == null ? 0 : Math.min(MAX_WAIT_SECONDS, Math.max(0, Integer.parseInt(w)));
    } catch (NumberFormatException e) {
      refuse(req, OfferRefused.bad("wait is a number of seconds"));
      return;
    }
    String known = req.getParam("known");
    blocking(req, () -> inbox.forSender(caller, id))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                notFound(req);
              } else if (wait > 0 && version(found.get()).equals(known)) {
                later(caller, req, id, wait);
              } else {
                done(req, 200, view(found.get()).encode());
              }
            });
  }

  /** Answers when the offer changes or after {@code wait} seconds, whichever comes first. */
  private void later(PeerId caller, HttpServerRequest req, String id, int wait) {
    Runnable[] answer = new Runnable[1];
    java.util.concurrent.atomic.AtomicBoolean once =
        new java.util.concurrent.atomic.AtomicBoolean();
    long timer = vertx.setTimer(wait * 1000L, t -> answer[0].run());
    answer[0] =
        () -> {
          if (!once.compareAndSet(false, true)) {
            return;
          }
          List<Runnable> list = waiters.get(id);
          if (list != null) {
            list.remove(answer[0]);
          }
          vertx.cancelTimer(timer);
          if (!req.response().ended()) {
            blocking(req, () -> inbox.forSender(caller, id))
                .onSuccess(
                    o -> {
                      if (o.isEmpty()) {
                        notFound(req);
                      } else {
                        done(req, 200, view(o.get()).encode());
                      }
                    });
          }
        };
    // One waiter per request; the mesh caps connections and requests per peer.
    waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(answer[0]);
    req.response().closeHandler(v -> answer[0].run());
  }

  private void wake(String id) {
    List<Runnable> list = waiters.remove(id);
    if (list != null) {
      list.forEach(r -> vertx.runOnContext(v -> r.run()));
    }
  }

  private void file(PeerId caller, HttpServerRequest req, String id, String n) {
    int number;
    try {
      number = Integer.parseInt(n);
    } catch (NumberFormatException e) {
      notFound(req);
      return;
    }
    req.pause(); // the create carries no body, but a small single PUT does: keep it for the intake
    blocking(
            req,
            () -> {
              Inbox.Target t = inbox.target(caller, id, number);
              // Accepted: now the folder may exist (the upload checks free space on it).
              java.nio.file.Files.createDirectories(t.folder());
              return t;
            })
        .onSuccess(
            target ->
                intake.create(
                    caller,
                    req,
                    target,
                    "offer " + id,
                    placed ->
                        vertx.executeBlocking(
                            () -> {
                              inbox.arrived(id, number, placed);
                              return null;
                            },
                            false)));
  }

  static JsonObject view(Offer o) {
    JsonArray files = new JsonArray();
    o.files()
        .forEach(f -> files.add(new JsonObject().put("n", f.n()).put("state", f.state().wire())));
    return new JsonObject()
        .put("state", o.state().wire())
        .put("version", version(o))
        .put("files", files);
  }

  /** Changes whenever any state does: what a long poll compares. */
  static String version(Offer o) {
    StringBuilder s = new StringBuilder(o.state().wire());
    o.files().forEach(f -> s.append(f.state().ordinal()));
    return Integer.toHexString(s.toString().hashCode());
  }

  private <T> io.vertx.core.Future<T> blocking(HttpServerRequest req, Callable<T> work) {
    return vertx
        .executeBlocking(work, false)
        .onFailure(
            e -> {
              if (e instanceof OfferRefused r) {
                refuse(req, r);
              } else {
                LOG.errorf(e, "offer request %s %s failed", req.method(), req.path());
                refuse(req, new OfferRefused(500, "internal", "internal error"));
              }
            });
  }

  private static void refuse(HttpServerRequest req, OfferRefused r) {
    if (r.status() == 404) {
      notFound(req);
    } else {
      done(
          req,
          r.status(),
          new JsonObject().put("error", r.code()).put("message", r.getMessage()).encode());
    }
  }

  private static void notFound(HttpServerRequest req) {
    done(req, 404, NOT_FOUND);
  }

  private static void done(HttpServerRequest req, int status, String body) {
    if (req.response().ended()) {
      return;
    }
    req.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
    if (body == null) {
      req.response().end();
    } else {
      req.response().putHeader("Content-Type", "application/json").end(body);
    }
  }
}
