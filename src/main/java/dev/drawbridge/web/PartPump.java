package dev.drawbridge.web;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.peerapi.UploadClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.LongConsumer;

/**
 * Forwards one request body (a curl -T upload, or one slice a browser PATCHes) to the host as
 * upload parts:
 *
 * <ol>
 *   <li>bytes are gathered into one part of at most {@code partSize};
 *   <li>a full part pauses the request and goes to the host as one PATCH (the client hashes it for
 *       Content-Digest); the request resumes only when the host has verified and recorded it;
 *   <li>the part that reaches the upload's length is sent with Upload-Complete: ?1 (and, when the
 *       body is the whole file, the Repr-Digest hashed here on the way, so the host checks end to
 *       end what we received).
 * </ol>
 *
 * So the own peer holds at most one part per upload whatever the file's size. A body cut before its
 * end fails the pump after any part in flight settled: the host's offset is then the last verified
 * part, where a resumable upload continues.
 */
final class PartPump {
  private final UploadClient client;
  private final PeerId peer;
  private final String location;
  private final HttpServerRequest in;
  private final int partSize;
  private final long end;
  private final boolean completes;
  private final MessageDigest whole;
  private final LongConsumer progress;
  private final Promise<UploadClient.Result> done = Promise.promise();
  private long offset;
  private long received;
  private Buffer part;
  private Buffer carry;
  private boolean inFlight;
  private Throwable pendingFailure;

  /**
   * Reads {@code in} (paused by the caller) from {@code offset} to {@code end}; {@code completes}
   * when {@code end} is the upload's length, {@code wholeFile} when the body starts at 0 and is the
   * whole file (then a Repr-Digest is sent with the last part).
   */
  PartPump(
      UploadClient client,
      PeerId peer,
      String location,
      HttpServerRequest in,
      int partSize,
      long offset,
      long end,
      boolean completes,
      boolean wholeFile,
      LongConsumer progress) {
    this.client = client;
    this.peer = peer;
    this.location = location;
    this.in = in;
    this.partSize = partSize;
    this.offset = offset;
    this.end = end;
    this.completes = completes;
    this.whole = wholeFile ? sha256() : null;
    this.progress = progress;
    this.part = Buffer.buffer((int) Math.min(partSize, Math.max(0, end - offset)));
  }

  Future<UploadClient.Result> run() {
    in.handler(this::data);
    in.exceptionHandler(this::fail);
    in.endHandler(v -> ended());
    in.response().closeHandler(v -> fail(new IllegalStateException("the sender went away")));
    if (end == offset) {
      send(); // an empty body: only the completion is left to say
    }
    in.resume();
    return done.future();
  }

  private void data(Buffer chunk) {
    received += chunk.length();
    if (offset + part.length() + chunk.length() > end) {
      fail(new IllegalArgumentException("the body is longer than its Content-Length"));
      return;
    }
    if (whole != null) {
      whole.update(chunk.getBytes());
    }
    int room = partSize - part.length();
    if (chunk.length() <= room) {
      part.appendBuffer(chunk);
    } else {
      part.appendBuffer(chunk, 0, room);
      carry = chunk.slice(room, chunk.length());
    }
    if (part.length() == partSize || offset + part.length() == end) {
      send();
    }
  }

  private void send() {
    in.pause();
    inFlight = true;
    Buffer sending = part;
    boolean last = offset + sending.length() == end;
    boolean complete = last && completes;
    String repr =
        complete && whole != null
            ? Base64.getEncoder().encodeToString(whole.digest()) // append makes the field
            : null;
    client
        .append(peer, location, offset, sending, complete, repr)
        .onComplete(
            ar -> {
              inFlight = false;
              if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
              }
              offset += sending.length();
              progress.accept(offset);
              if (pendingFailure != null) {
                done.tryFail(pendingFailure);
              } else if (last) {
                done.tryComplete(ar.result());
              } else {
                next();
              }
            });
  }

  private void next() {
    part = Buffer.buffer((int) Math.min(partSize, end - offset));
    Buffer rest = carry;
    carry = null;
    if (rest != null) {
      part.appendBuffer(rest);
      if (part.length() == partSize || offset + part.length() == end) {
        send();
        return;
      }
    }
    in.resume();
  }

  private void ended() {
    if (offset + part.length() < end && !inFlight) {
      fail(new IllegalArgumentException("the body ended after " + received + " bytes"));
    }
  }

  private void fail(Throwable e) {
    if (inFlight) {
      pendingFailure = e; // the host's answer to the part in flight settles the offset first
    } else {
      done.tryFail(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
