package dev.drawbridge.upload;

import dev.drawbridge.upload.UploadRefusal.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * One part of an upload being written: bytes go to the hidden partial at the verified offset while
 * being hashed; {@link #finish} checks the part's digest (and, on the last part, the whole file's),
 * fsyncs, records the part and places the file. Any refusal leaves the offset where it was: the
 * partial is cut back, so resumption never trusts bytes it has not verified. Blocking; the caller
 * feeds it in order from one request.
 */
public final class PartWriter {
  private static final Logger LOG = Logger.getLogger(PartWriter.class);

  /** Where the upload stands after a part: not yet complete, or placed. */
  public record Outcome(long offset, boolean complete, Path placed, String etag, String sha256) {}

  private final Uploads uploads;
  private final Upload upload;
  private final FileChannel channel;
  private final long start;
  private final long length;
  private final String contentDigest;
  private final boolean complete;
  private final String reprDigest;
  private final MessageDigest part = Upload.sha256();
  private final MessageDigest whole;
  private long written;
  private boolean closed;

  PartWriter(
      Uploads uploads,
      Upload upload,
      FileChannel channel,
      long start,
      long length,
      String contentDigest,
      boolean complete,
      String reprDigest) {
    this.uploads = uploads;
    this.upload = upload;
    this.channel = channel;
    this.start = start;
    this.length = length;
    this.contentDigest = contentDigest;
    this.complete = complete;
    this.reprDigest = reprDigest;
    try {
      this.whole = (MessageDigest) upload.whole.clone(); // kept only if this part verifies
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  public Upload upload() {
    return upload;
  }

  /** Appends the next bytes of the body. A full disk removes the whole upload (507). */
  public void write(ByteBuffer bytes) throws UploadRefusal {
    write(new ByteBuffer[] {bytes});
  }

  /**
   * Appends the next bytes of the body, given as the buffers they arrived in: each byte is hashed
   * once per digest (this part's, the whole file's) and written with one gathering write.
   */
  public void write(ByteBuffer[] batch) throws UploadRefusal {
    synchronized (upload) {
      if (upload.gone || closed) {
        throw new UploadRefusal(Reason.NOT_FOUND, "not found");
      }
      long n = 0;
      for (ByteBuffer b : batch) {
        n += b.remaining();
      }
      if (written + n > length) {
        throw new UploadRefusal(Reason.BAD_REQUEST, "body longer than Content-Length");
      }
      for (ByteBuffer b : batch) {
        part.update(b.duplicate());
        whole.update(b.duplicate());
      }
      try {
        channel.position(start + written);
        for (long left = n; left > 0; ) {
          long w = channel.write(batch);
          written += w;
          left -= w;
        }
      } catch (IOException e) {
        abort();
        if (noSpace(e)) {
          uploads.remove(upload); // a full disk is no place to keep half a file
          throw new UploadRefusal(
              Reason.INSUFFICIENT_STORAGE, "the host's disk is full; nothing was kept");
        }
        LOG.warnf(e, "write to partial of upload %s failed", upload.id());
        throw new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "the host could not write the file");
      }
    }
  }

  private static boolean noSpace(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("No space left") || m.contains("Disk quota exceeded");
  }

  /** The body ended: verify, make durable, record; on the last part verify the file and place. */
  public Outcome finish() throws UploadRefusal {
    synchronized (upload) {
      try {
        return verifyAndRecord();
      } finally {
        upload.settled(); // a part queued behind this one may go (or learn the offset)
      }
    }
  }

  private Outcome verifyAndRecord() throws UploadRefusal {
    if (upload.gone || closed) {
      throw new UploadRefusal(Reason.NOT_FOUND, "not found");
    }
    if (written != length) {
      abort();
      throw new UploadRefusal(Reason.BAD_REQUEST, "body shorter than Content-Length", start);
    }
    String got = Base64.getEncoder().encodeToString(part.digest());
    if (length > 0 && !got.equals(contentDigest)) {
      abort();
      throw new UploadRefusal(
          Reason.DIGEST_MISMATCH, "Content-Digest does not match the bytes received", start);
    }
    String fileDigest = null;
    if (complete) {
      fileDigest = Base64.getEncoder().encodeToString(whole.digest());
      if (reprDigest != null && !reprDigest.equals(fileDigest)) {
        abort();
        throw new UploadRefusal(
            Reason.DIGEST_MISMATCH, "Repr-Digest does not match the file received", start);
      }
    }
    try {
      // Durable before it is recorded: a crash never records lost bytes. Once per part; data
      // only (fdatasync still writes the file's new length, which reading the data needs).
      channel.force(false);
      channel.close();
    } catch (IOException e) {
      abort();
      throw new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "the host could not write the file");
    }
    closed = true;
    UploadStore.Part p = new UploadStore.Part(start, length, got);
    upload.parts.add(p);
    upload.offset = start + length;
    upload.whole = whole;
    upload.hashedTo = upload.offset;
    uploads.recorded(upload, p);
    if (!complete) {
      return new Outcome(upload.offset, false, null, null, null);
    }
    return place(fileDigest);
  }

  private Outcome place(String fileDigest) throws UploadRefusal {
    UploadTarget t = upload.target();
    Path placed;
    try {
      placed =
          Landing.place(
              upload.partial(),
              t.root(),
              t.path(),
              t.rules().allowReplace(),
              upload.ifMatch(),
              uploads.etags());
    } catch (UploadRefusal e) {
      uploads.remove(upload); // the name was taken meanwhile: the sender starts again elsewhere
      throw e;
    } catch (IOException e) {
      LOG.warnf(e, "cannot place upload %s", upload.id());
      uploads.remove(upload);
      throw new UploadRefusal(Reason.INSUFFICIENT_STORAGE, "the host could not place the file");
    }
    uploads.placed(upload, t.path(), fileDigest, upload.ifMatch() != null);
    return new Outcome(upload.length(), true, placed, uploads.etags().apply(placed), fileDigest);
  }

  /** Gives up this part: the partial is cut back to the verified offset. Idempotent. */
  public void abort() {
    synchronized (upload) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        channel.truncate(start);
        channel.close();
      } catch (IOException e) {
        LOG.debugf("cannot cut back partial of upload %s: %s", upload.id(), e.getMessage());
      }
      if (!upload.durable()) {
        uploads.remove(upload);
      }
      upload.settled();
    }
  }
}
