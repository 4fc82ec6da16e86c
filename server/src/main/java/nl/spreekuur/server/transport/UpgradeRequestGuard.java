package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import nl.spreekuur.server.metrics.ServerMetrics;

/**
 * Refuses, with 400, a WebSocket upgrade to {@code /ws} whose request is not sound: one that failed to decode
 * (e.g. headers over Netty's 8 KiB limit, cut off), one over HTTP/1.0 (which has no upgrade), and one without a
 * {@code Host} header (required by HTTP/1.1). Netty's handshaker would upgrade all three.
 */
@ChannelHandler.Sharable
final class UpgradeRequestGuard extends ChannelInboundHandlerAdapter {
    static final String UNSOUND = "Spreekuur WebSocket: the upgrade request must be complete, HTTP/1.1 and carry "
            + "a Host header.\n";

    private final ServerMetrics metrics;

    UpgradeRequestGuard(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && SubprotocolGuard.isWebSocketPath(request.uri())) {
            String reason = unsound(request);
            if (reason != null) {
                UpgradeRefusal.refuse(ctx, request, metrics, HttpResponseStatus.BAD_REQUEST, UNSOUND, reason, null);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    static String unsound(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return "undecodable";
        }
        if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            return "http-version";
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank() || request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
            return "host";
        }
        return null;
    }
}
