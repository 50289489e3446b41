package dev.drawbridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS 1.3 handshakes over loopback with the plain JDK engine, both sides authenticated. */
@Timeout(30)
class MutualTlsTest {

  private static final int TIMEOUT_MS = 5_000;
  private static final String[] TLS13 = {"TLSv1.3"};

  private record Outcome(PeerId seenByServer, PeerId seenByClient, String protocol) {}

  @Test
  void mutualHandshakeShowsEachSideTheOthersPeerId(@TempDir Path dir) throws Exception {
    Identity server = Identity.loadOrCreate(dir); // the PEM path, not only in-memory keys
    Identity client = Identity.generate();

    Outcome outcome =
        handshake(server, PeerTrust.anyPeer(), client, PeerTrust.pinned(server.peerId()));

    assertEquals(client.peerId(), outcome.seenByServer());
    assertEquals(server.peerId(), outcome.seenByClient());
    assertEquals("TLSv1.3", outcome.protocol());
  }

  @Test
  void clientRefusesAServerThatIsNotThePinnedPeer() {
    Identity server = Identity.generate();
    Identity client = Identity.generate();
    PeerId someoneElse = Identity.generate().peerId();

    SSLHandshakeException e =
        assertThrows(
            SSLHandshakeException.class,
            () -> handshake(server, PeerTrust.anyPeer(), client, PeerTrust.pinned(someoneElse)));
    assertTrue(
        causes(e)
            .contains(
                "expected peer "
                    + someoneElse.shortForm()
                    + " but the other side is "
                    + server.peerId().shortForm()),
        causes(e));
  }

  @Test
  void serverRefusesAClientThatIsNotThePinnedPeer() {
    Identity server = Identity.generate();
    Identity client = Identity.generate();
    PeerId someoneElse = Identity.generate().peerId();

    // In TLS 1.3 the client finishes first, so it hears of the refusal on its first read.
    assertThrows(
        IOException.class,
        () ->
            handshake(
                server, PeerTrust.pinned(someoneElse), client, PeerTrust.pinned(server.peerId())));
  }

  private static Outcome handshake(
      Identity server, X509TrustManager serverTrust, Identity client, X509TrustManager clientTrust)
      throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (SSLServerSocket listener =
        (SSLServerSocket)
            server
                .sslContext(serverTrust)
                .getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
      listener.setNeedClientAuth(true);
      listener.setEnabledProtocols(TLS13);
      listener.setSoTimeout(TIMEOUT_MS);
      Future<PeerId> serverSide =
          executor.submit(
              () -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                  socket.setSoTimeout(TIMEOUT_MS);
                  socket.startHandshake();
                  PeerId seen = PeerTrust.peerOf(socket.getSession().getPeerCertificates());
                  socket.getOutputStream().write(socket.getInputStream().read());
                  socket.getOutputStream().flush();
                  return seen;
                }
              });
      PeerId seenByClient;
      String protocol;
      try (SSLSocket socket =
          (SSLSocket) client.sslContext(clientTrust).getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(loopback, listener.getLocalPort()), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setEnabledProtocols(TLS13);
        socket.startHandshake();
        seenByClient = PeerTrust.peerOf(socket.getSession().getPeerCertificates());
        protocol = socket.getSession().getProtocol();
        socket.getOutputStream().write(42);
        socket.getOutputStream().flush();
        int echoed = socket.getInputStream().read();
        if (echoed != 42) {
          throw new IOException("server closed the connection (read " + echoed + ")");
        }
      }
      // Only after the client has closed: a closing TLS 1.3 server waits for its close_notify.
      try {
        return new Outcome(
            serverSide.get(TIMEOUT_MS, TimeUnit.MILLISECONDS), seenByClient, protocol);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    } finally {
      executor.shutdownNow();
      executor.awaitTermination(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static String causes(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c).append('\n');
    }
    return all.toString();
  }
}
