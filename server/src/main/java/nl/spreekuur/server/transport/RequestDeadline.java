package nl.spreekuur.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code http.request-timeout-seconds} (slowloris): a request, head and body, must have arrived completely within
 * the timeout after the connection opened or after the previous answer was written; otherwise the connection is
 * closed: with 408 when part of a request had arrived, silently when nothing had (an idle kept-alive connection,
 * which clients reopen without fuss). While a request is being answered no deadline runs. Plain HTTP only: removed
 * when the connection becomes a WebSocket (whose own deadlines are Hello and idle). One per connection, on its event
 * loop; {@link Bytes}, before the HTTP codec, tells it when bytes arrive.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    static final String TOO_SLOW = "request timeout\n";

    private final long timeoutMillis;
    private ScheduledFuture<?> deadline;
    /** Bytes of a request arrived since the last request was complete (or the connection opened). */
    private boolean partial;

    /** The stage before the HTTP codec that notices raw bytes for its {@link RequestDeadline}. */
    static final class Bytes extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final RequestDeadline deadline;

        Bytes(RequestDeadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof io.netty.buffer.ByteBuf bytes && bytes.isReadable()) {
                deadline.partial = true;
            }
            super.channelRead(ctx, msg);
        }
    }

    RequestDeadline(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof LastHttpContent) {
            cancel();
            partial = false;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(f -> {
                if (f.isSuccess() && ctx.channel().isActive() && !ctx.isRemoved()) {
                    start(ctx);
                }
            });
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        cancel();
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        if (!partial) {
            ctx.close();
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.copiedBuffer(TOO_SLOW, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, false);
        // written from this stage outward, so it goes through the codec even halfway through a request
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
