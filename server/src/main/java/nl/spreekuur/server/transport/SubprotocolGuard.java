package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import nl.spreekuur.server.metrics.ServerMetrics;

/**
 * Refuses WebSocket upgrades to {@value #PATH} that offer neither {@code spreekuur.v1.proto} nor
 * {@code spreekuur.v1.json} with HTTP 400 and a plain-text explanation. Netty's handshaker would otherwise accept
 * them without a subprotocol, leaving the encoding undefined. While the node drains ({@link #drain()}) every upgrade
 * gets 503 with {@code Retry-After: 1}.
 */
@ChannelHandler.Sharable
final class SubprotocolGuard extends ChannelInboundHandlerAdapter {
    static final String PATH = "/ws";
    static final String NO_SUBPROTOCOL = "Spreekuur WebSocket: offer the subprotocol spreekuur.v1.proto "
            + "or spreekuur.v1.json in the Sec-WebSocket-Protocol header.\n";
    static final String NOT_AN_UPGRADE = "Spreekuur WebSocket: this path only accepts WebSocket upgrades.\n";

    static final String BUSY = "Spreekuur WebSocket: too many connections are starting; try again shortly.\n";
    static final String DRAINING = "Spreekuur WebSocket: this node is stopping; connect again (another node will "
            + "answer).\n";

    private final ServerMetrics metrics;
    private final HelloSlots helloSlots;
    private volatile boolean draining;

    SubprotocolGuard(ServerMetrics metrics, HelloSlots helloSlots) {
        this.metrics = metrics;
        this.helloSlots = helloSlots;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && isWebSocketPath(request.uri())) {
            if (!isUpgrade(request)) {
                refuse(ctx, request, NOT_AN_UPGRADE, "not-upgrade");
                return;
            }
            if (!offersKnownSubprotocol(request)) {
                refuse(ctx, request, NO_SUBPROTOCOL, "subprotocol");
                return;
            }
            if (draining) {
                UpgradeRefusal.refuse(ctx, request, metrics, HttpResponseStatus.SERVICE_UNAVAILABLE, DRAINING,
                        "draining", "1");
                return;
            }
            // The last check before the handshake: the socket now holds a slot until Hello is decided.
            if (!helloSlots.tryTake(ctx.channel())) {
                UpgradeRefusal.refuse(ctx, request, metrics, HttpResponseStatus.SERVICE_UNAVAILABLE, BUSY,
                        "awaiting-hello", "5");
                return;
            }
            joinSubprotocolHeaders(request);
        }
        ctx.fireChannelRead(msg);
    }

    /** From now on every upgrade is refused with 503 (the node is draining). */
    void drain() {
        draining = true;
    }

    /** The same rule as Netty's handshake handler with checkStartsWith: /ws, /ws?... or /ws/... . */
    static boolean isWebSocketPath(String uri) {
        return uri.equals(PATH) || uri.startsWith(PATH + "?") || uri.startsWith(PATH + "/");
    }

    static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    static boolean offersKnownSubprotocol(FullHttpRequest request) {
        for (String header : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String offered : header.split(",")) {
                if (WireEncoding.bySubprotocol(offered.trim()).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Clients may send one Sec-WebSocket-Protocol header per offer (Jetty does); Netty's handshaker reads only the
     * first header, so the offers are joined into one, keeping the client's order of preference.
     */
    static void joinSubprotocolHeaders(FullHttpRequest request) {
        java.util.List<String> headers = request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (headers.size() > 1) {
            request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, String.join(", ", headers));
        }
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, String text, String reason) {
        UpgradeRefusal.refuse(ctx, request, metrics, HttpResponseStatus.BAD_REQUEST, text, reason, null);
    }
}
