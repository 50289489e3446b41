package dev.drawbridge.relay.client;

import dev.drawbridge.relay.protocol.CircuitPreamble;
import dev.drawbridge.relay.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.io.IOException;

/**
 * Joins a relayed circuit after an INCOMING: connects to the circuit port, sends {@code DBJ1}+token
 * and waits for the relay's one-byte answer. The returned socket then carries the other peer's
 * bytes (its TLS ClientHello first), typically piped to this peer's own mesh port.
 *
 * <p>The answer byte and the first relayed bytes may arrive in one TCP read, so the byte is taken
 * off in the Netty pipeline, in front of Vert.x: nothing after it can be lost or misread.
 */
public final class CircuitJoin {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private CircuitJoin() {}

  /**
   * Completes with the joined socket, <b>paused</b>: set its handlers (or {@code pipeTo}, which
   * resumes it), then {@code resume()}. Fails if the relay refuses the token (unknown or expired).
   */
  public static Future<NetSocket> join(Vertx vertx, String host, int circuitPort, byte[] token) {
    byte[] preamble = CircuitPreamble.join(token);
    NetClient client =
        vertx.createNetClient(
            new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setTcpNoDelay(true));
    Promise<NetSocket> joined = Promise.promise();
    client
        .connect(circuitPort, host)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                client.close();
                joined.fail(ar.cause());
                return;
              }
              NetSocket socket = ar.result();
              ChannelHandlerContext netty = ((NetSocketInternal) socket).channelHandlerContext();
              // One client per circuit: closing it with the socket frees everything it holds.
              netty
                  .channel()
                  .closeFuture()
                  .addListener(
                      f -> {
                        client.close();
                        joined.tryFail(
                            new IOException("relay closed the circuit before answering the join"));
                      });
              socket.pause();
              netty
                  .pipeline()
                  .addBefore("handler", "drawbridge-join-answer", new AnswerByte(socket, joined));
              socket.write(Buffer.buffer(preamble));
            });
    return joined.future();
  }

  /** Consumes exactly the first byte, then steps out of the pipeline. */
  private static final class AnswerByte extends ChannelInboundHandlerAdapter {
    private final NetSocket socket;
    private final Promise<NetSocket> joined;

    AnswerByte(NetSocket socket, Promise<NetSocket> joined) {
      this.socket = socket;
      this.joined = joined;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      if (!buf.isReadable()) {
        buf.release();
        return;
      }
      byte answer = buf.readByte();
      ctx.pipeline().remove(this);
      if (answer != CircuitPreamble.JOIN_ACCEPTED) {
        buf.release();
        joined.tryFail(
            new RelayRefusedException(ErrorCode.TIMEOUT, "circuit token unknown or expired"));
        socket.close();
        return;
      }
      // The socket is paused: bytes passed on below wait in Vert.x until the caller resumes it.
      joined.tryComplete(socket);
      if (buf.isReadable()) {
        ctx.fireChannelRead(buf);
      } else {
        buf.release();
      }
    }
  }
}
