package dev.drawbridge.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConnectRequestTest {

  private final PeerId peer = Identity.generate().peerId();

  @Test
  void readsTargetPeerCaseInsensitively() throws Exception {
    String lower = peer.value().toLowerCase(Locale.ROOT) + ".DrawBridge:7778";
    assertEquals(peer, ConnectRequest.target("CONNECT " + lower + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  }

  @Test
  void acceptsGroupedPeerIdAsTypedByPeople() throws Exception {
    assertEquals(
        peer,
        ConnectRequest.target("CONNECT " + peer.grouped() + ".drawbridge:1 HTTP/1.0\r\n\r\n"));
  }

  @Test
  void refusesLowercaseMethodAndOtherDomains() {
    assertThrows(
        ConnectRequest.BadRequest.class,
        () -> ConnectRequest.target("connect " + peer.value() + ".drawbridge:1 HTTP/1.1\r\n\r\n"));
    assertThrows(
        ConnectRequest.BadRequest.class,
        () -> ConnectRequest.target("CONNECT " + peer.value() + ".example:1 HTTP/1.1\r\n\r\n"));
    assertThrows(
        ConnectRequest.BadRequest.class,
        () -> ConnectRequest.target("CONNECT " + peer.value() + ".drawbridge:0 HTTP/1.1\r\n\r\n"));
  }

  @org.junit.jupiter.api.Test
  void readsTheCircuitTokenFromProxyAuthorizationAndNothingElse() {
    byte[] token = dev.drawbridge.relay.protocol.Tokens.random();
    String ok =
        dev.drawbridge.relay.protocol.CircuitPreamble.connectRequest(
            Identity.generate().peerId(), 7778, token);
    assertArrayEquals(token, ConnectRequest.token(ok));
    String lower = ok.replace("Proxy-Authorization:", "proxy-authorization:  ");
    assertArrayEquals(token, ConnectRequest.token(lower));
    for (String bad :
        new String[] {
          "CONNECT x.drawbridge:1 HTTP/1.1\r\n\r\n",
          "CONNECT x HTTP/1.1\r\nProxy-Authorization: Bearer abc\r\n\r\n",
          "CONNECT x HTTP/1.1\r\nProxy-Authorization: Basic !!!\r\n\r\n",
          "CONNECT x HTTP/1.1\r\nProxy-Authorization: Basic "
              + java.util.Base64.getEncoder().encodeToString("drawbridge:00".getBytes())
              + "\r\n\r\n",
          "CONNECT x HTTP/1.1\r\nProxy-Authorization: Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(("drawbridge:" + "zz".repeat(16)).getBytes())
              + "\r\n\r\n",
        }) {
      assertNull(ConnectRequest.token(bad), bad);
    }
  }
}
