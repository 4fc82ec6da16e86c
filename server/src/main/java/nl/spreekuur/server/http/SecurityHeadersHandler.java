package nl.spreekuur.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds the security headers to every HTTP response on the connection, including those written by Netty's own
 * handlers (413 from the aggregator, the WebSocket upgrade), and {@code Cache-Control: no-store} to answers of
 * {@code /api} requests, which carry tokens and personal data. Sits right after the HTTP codec so it sees all of
 * them.
 */
public final class SecurityHeadersHandler extends ChannelDuplexHandler {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    /** One year, as browsers' preload lists expect; sent only over TLS (a browser ignores it on plain HTTP). */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    private final boolean tls;
    private boolean apiRequest;

    /**
     * @param tls the connection is HTTPS: {@code Strict-Transport-Security} is added, so browsers use HTTPS for
     *            this host from then on
     */
    public SecurityHeadersHandler(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            String uri = request.uri();
            apiRequest = uri.equals("/api") || uri.startsWith("/api/") || uri.startsWith("/api?");
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            apply(response.headers(), apiRequest);
            if (tls) {
                response.headers().set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
            }
        }
        ctx.write(msg, promise);
    }

    static void apply(HttpHeaders headers, boolean api) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
        headers.set("X-Frame-Options", "DENY");
        if (api) {
            headers.set("Cache-Control", "no-store");
        }
    }
}
