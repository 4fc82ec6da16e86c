package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.metrics.ServerMetrics;

/**
 * The Origin allowlist of {@code /ws} ({@code ws.check-origin}, default on): an upgrade must carry an
 * {@code Origin} header that equals, ignoring case, the origin of {@code public-url} or one of
 * {@code ws.allowed-origins}; otherwise 403. While {@code public-url} is not set (the server does not know its own
 * address), an Origin whose host and port equal the request's {@code Host} header (same origin) is allowed too.
 * An upgrade without Origin (what native clients send) is refused as well; deployments with native clients turn
 * the check off. Browsers always send Origin on WebSocket upgrades, so a page on another site cannot use its
 * visitors' browsers as queue bots.
 */
@ChannelHandler.Sharable
final class OriginGuard extends ChannelInboundHandlerAdapter {
    static final String FORBIDDEN = "Spreekuur WebSocket: this Origin may not connect.\n";

    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final Set<String> listed;
    private final Map<Integer, Set<String>> byPort = new ConcurrentHashMap<>();

    OriginGuard(ServerConfig config, ServerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.listed = config.limits().allowedOrigins();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && SubprotocolGuard.isWebSocketPath(request.uri())
                && SubprotocolGuard.isUpgrade(request) && !allowed(request, ctx.channel().localAddress() instanceof InetSocketAddress local
                ? local.getPort() : config.port())) {
            UpgradeRefusal.refuse(ctx, request, metrics, HttpResponseStatus.FORBIDDEN, FORBIDDEN, "origin", null);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    boolean allowed(FullHttpRequest request, int boundPort) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || request.headers().getAll(HttpHeaderNames.ORIGIN).size() != 1) {
            return false;
        }
        String wanted = origin.trim().toLowerCase(Locale.ROOT);
        if (allowedOn(boundPort).contains(wanted)) {
            return true;
        }
        if (config.publicUrl().isEmpty()) {
            String host = request.headers().get(HttpHeaderNames.HOST);
            return host != null && (wanted.equals("http://" + host.toLowerCase(Locale.ROOT))
                    || wanted.equals("https://" + host.toLowerCase(Locale.ROOT)));
        }
        return false;
    }

    /** The listed origins and the server's own on this port, worked out once per port (a server has one or two). */
    private Set<String> allowedOn(int boundPort) {
        return byPort.computeIfAbsent(boundPort, port -> {
            Set<String> allowed = new HashSet<>(listed);
            allowed.add(originOf(config.publicUrl(port)));
            return Set.copyOf(allowed);
        });
    }

    /** {@code https://chat.example.nl/pad/} → {@code https://chat.example.nl} (a default port left out). */
    static String originOf(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
