package nl.spreekuur.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import nl.spreekuur.server.logging.ContentFreeStackTrace;

/**
 * Answers every HTTP request that is not a WebSocket upgrade: registered {@link Routes} (REST, health, metrics)
 * first, then static files. Work runs on the given executor, never on the event loop, because handlers may block
 * on the store; the connection reads no further request until the answer is written, so answers keep their order.
 */
@ChannelHandler.Sharable
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    private final Routes routes;
    private final StaticFiles staticFiles;
    private final Executor executor;
    private final Set<InetAddress> trustedProxies;

    public HttpRouter(Routes routes, StaticFiles staticFiles, Executor executor, Set<InetAddress> trustedProxies) {
        this.routes = routes;
        this.staticFiles = staticFiles;
        this.executor = executor;
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (request.decoderResult().isFailure()) {
            request.release();
            write(ctx, HttpReply.text(400, "bad request"), false, false);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        try {
            executor.execute(() -> {
                CompletionStage<HttpReply> reply;
                try {
                    reply = answer(ctx, request);
                } finally {
                    request.release();
                }
                reply.whenComplete((r, failure) -> write(ctx, r != null ? r : failed(failure), keepAlive, head));
            });
        } catch (RejectedExecutionException shuttingDown) {
            request.release();
            write(ctx, HttpReply.text(503, "shutting down"), false, head);
        }
    }

    /** What an asynchronous route's failed stage answers (its routes are all under /api). */
    private static HttpReply failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpProblem problem) {
            return problem.toReply();
        }
        log.warn("asynchronous route failed: {}", cause == null ? "no answer" : cause.getClass().getName());
        if (cause != null) {
            log.debug("stack trace (messages left out):\n{}", ContentFreeStackTrace.of(cause));
        }
        return HttpReply.error(500, "INTERNAL", "internal error");
    }

    CompletionStage<HttpReply> answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        boolean api = path.equals("/api") || path.startsWith("/api/");
        Routes.Resolution resolution = routes.resolve(request.method(), path);
        if (resolution.found()) {
            try {
                HttpCall call = new HttpCall(request, uri, resolution.params(), ctx.channel().remoteAddress(),
                        ClientAddress.resolve(ctx.channel().remoteAddress(),
                                request.headers().get(ClientAddress.FORWARDED_FOR), trustedProxies));
                if (resolution.async() != null) {
                    return resolution.async().handle(call);
                }
                return CompletableFuture.completedFuture(resolution.handler().handle(call));
            } catch (HttpProblem problem) {
                return CompletableFuture.completedFuture(problem.toReply());
            } catch (Exception e) {
                log.warn("{} {} failed: {}", request.method(), routePathForLog(path), e.getClass().getName());
                log.debug("stack trace (messages left out):\n{}", ContentFreeStackTrace.of(e));
                return CompletableFuture.completedFuture(api ? HttpReply.error(500, "INTERNAL", "internal error")
                        : HttpReply.text(500, "internal error"));
            }
        }
        return CompletableFuture.completedFuture(answerUnrouted(request, path, api, resolution));
    }

    private HttpReply answerUnrouted(FullHttpRequest request, String path, boolean api,
                                     Routes.Resolution resolution) {
        if (!resolution.allowedMethods().isEmpty()) {
            HttpReply reply = api
                    ? HttpReply.error(405, "METHOD_NOT_ALLOWED", "method not allowed")
                    : HttpReply.text(405, "method not allowed");
            return reply.withHeader("Allow", String.join(", ", resolution.allowedMethods()));
        }
        if (api) {
            return HttpReply.error(404, "NOT_FOUND", "no such endpoint");
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            return HttpReply.text(405, "method not allowed").withHeader("Allow", "GET, HEAD");
        }
        Optional<HttpReply> file = staticFiles.serve(path, request.headers());
        return file.or(() -> staticFiles.notFoundPage(path)).orElseGet(() -> HttpReply.text(404, "not found"));
    }

    /** Paths may hold ids; log only the first two segments. */
    private static String routePathForLog(String path) {
        String[] parts = path.split("/");
        return parts.length > 3 ? "/" + parts[1] + "/" + parts[2] + "/..." : path;
    }

    private static void write(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        if (reply.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        reply.headers().forEach((name, value) -> response.headers().set(name, value));
        if (reply.status() != 204 && reply.status() != 304) {
            HttpUtil.setContentLength(response, reply.body().length);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (keepAlive) {
            future.addListener(f -> {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            });
        } else {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
