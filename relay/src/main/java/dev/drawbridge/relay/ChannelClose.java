package dev.drawbridge.relay;

import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * Runs an action when a socket's channel closes, independently of the Vert.x close handler (which
 * the circuit stages replace as a connection moves from preamble to pending to splice). Used to
 * release the connection count exactly once, whatever stage the connection died in.
 */
final class ChannelClose {

  private ChannelClose() {}

  static void whenClosed(NetSocket socket, Runnable action) {
    ((NetSocketInternal) socket)
        .channelHandlerContext()
        .channel()
        .closeFuture()
        .addListener(f -> action.run());
  }
}
