package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import nl.spreekuur.protocol.v1.ClientMessage;

/**
 * The last handler: moves a connection's decoded requests off the event loop onto the connection's
 * {@link SerialExecutor} (its requests run one at a time, in order, on any free worker of the shared
 * {@link WorkerPool}), where the {@link HelloStage} authenticates and the {@link RequestStage} hands them to the
 * services, which may block on the store. Requests pass the connection's {@link RequestGate}, which stops reading
 * the socket rather than queue more than the in-flight bounds allow. Netty 4.2 deprecates pipeline handlers with
 * their own executor group (netty#14538), hence this explicit hand-off.
 */
final class ApplicationDispatcher extends ChannelInboundHandlerAdapter {
    private final SerialExecutor executor;
    private final RequestStage requests;
    private final TransportServices services;
    private final InFlightLimit node;
    private HelloStage hello;
    private RequestGate gate;

    ApplicationDispatcher(SerialExecutor executor, RequestStage requests, TransportServices services,
                          InFlightLimit node) {
        this.executor = executor;
        this.requests = requests;
        this.services = services;
        this.node = node;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete) {
            HelloStage stage = new HelloStage(services, ctx.channel(), executor);
            hello = stage;
            gate = new RequestGate(ctx.channel(), executor, node, services.metrics(),
                    services.config().wsMaxInFlight(), message -> {
                        ChannelClientSession session = stage.session();
                        if (session == null) {
                            stage.onMessage(message);
                        } else {
                            requests.onMessage(session, message);
                        }
                    });
            // Here, on the event loop, rather than as a task of the serial executor: the deadline's timer lives on
            // this loop, and a hop to a worker and back would cost two thread wake-ups per connection.
            stage.start();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RequestGate requestGate = gate;
        if (!(msg instanceof ClientMessage message) || requestGate == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        requestGate.offer(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        HelloStage stage = hello;
        if (stage != null) {
            gate.close();
            // Behind the connection's handed-over requests, which finish first.
            executor.execute(() -> {
                stage.stop();
                ChannelClientSession session = stage.session();
                if (session != null) {
                    requests.onDisconnected(session);
                }
            });
        }
        ctx.fireChannelInactive();
    }
}
