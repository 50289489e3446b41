package dev.drawbridge.node;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerTrust;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 written by hand over mutual TLS to a sharing host's mesh listener, as any peer holding
 * {@code who}'s key could: grant-matrix tests compare the exact bytes of answers.
 */
final class RawMeshRequests {
  private final SharingHost mesh;
  private final Map<Identity, SSLContext> contexts = new ConcurrentHashMap<>();

  RawMeshRequests(SharingHost mesh) {
    this.mesh = mesh;
  }

  /** A fresh connection as {@code who}, connected, with a 10 s read timeout. */
  SSLSocket socket(Identity who) throws Exception {
    SSLSocket s =
        (SSLSocket)
            contexts
                .computeIfAbsent(who, w -> w.sslContext(PeerTrust.pinned(mesh.peerId())))
                .getSocketFactory()
                .createSocket();
    s.connect(new InetSocketAddress("127.0.0.1", mesh.host.meshPort()), 10_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** The raw bytes of one answer on a fresh connection (closed by the server after it). */
  byte[] raw(Identity who, String request) throws Exception {
    String req = request.replaceFirst("\r\n", "\r\nHost: peer\r\nConnection: close\r\n");
    try (SSLSocket s = socket(who)) {
      OutputStream out = s.getOutputStream();
      out.write(req.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0 && got.size() < 1 << 20; ) {
        got.write(buf, 0, n);
      }
      return got.toByteArray();
    }
  }
}
