package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;
import nl.spreekuur.protocol.v1.ClientMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: moves a connection's decoded requests off the event loop onto the one application executor
 * this connection was given (a single thread, so the connection's requests keep their order), where the
 * {@link HelloStage} authenticates and the {@link RequestStage} hands them to the services, which may block on the
 * store. Netty 4.2 deprecates pipeline handlers with their own executor group (netty#14538), hence this explicit
 * hand-off.
 */
final class ApplicationDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ApplicationDispatcher.class);

    private final EventExecutor executor;
    private final RequestStage requests;
    private final TransportServices services;
    private HelloStage hello;

    ApplicationDispatcher(EventExecutor executor, RequestStage requests, TransportServices services) {
        this.executor = executor;
        this.requests = requests;
        this.services = services;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete) {
            HelloStage stage = new HelloStage(services, ctx.channel(), executor);
            hello = stage;
            offload(stage::start);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        HelloStage stage = hello;
        if (!(msg instanceof ClientMessage message) || stage == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        offload(() -> {
            ChannelClientSession session = stage.session();
            if (session == null) {
                stage.onMessage(message);
            } else {
                requests.onMessage(session, message);
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        HelloStage stage = hello;
        if (stage != null) {
            offload(() -> {
                stage.stop();
                ChannelClientSession session = stage.session();
                if (session != null) {
                    requests.onDisconnected(session);
                }
            });
        }
        ctx.fireChannelInactive();
    }

    private void offload(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("application executor stopped; task dropped");
        }
    }
}
