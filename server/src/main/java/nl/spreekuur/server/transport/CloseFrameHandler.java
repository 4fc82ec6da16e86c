package nl.spreekuur.server.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * A close frame from the client (RFC 6455 §5.5.1): answered with one close frame echoing its code, unless the server's
 * own close frame already went out, in which case the handshake is complete and the socket just closes.
 *
 * <p>Netty's {@code WebSocketServerProtocolHandler} would echo every close it receives, also the client's answer to
 * our close: the client then gets a second close frame, which browsers report as "Close received after close" and
 * turn into an unclean close (1006) that hides the code the server chose (e.g. 4003 for a removed member).
 */
@ChannelHandler.Sharable
final class CloseFrameHandler extends SimpleChannelInboundHandler<CloseWebSocketFrame> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection != null) {
            connection.peerClosed(frame.statusCode());
        } else {
            ctx.writeAndFlush(Outbox.echo(frame.statusCode())).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
