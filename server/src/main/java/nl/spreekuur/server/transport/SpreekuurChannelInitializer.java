package nl.spreekuur.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.http.SecurityHeadersHandler;

/**
 * The only place a pipeline is assembled. One connection starts as HTTP; a request to {@code /ws} with a
 * Spreekuur subprotocol upgrades it to a WebSocket, after which the same pipeline carries frames:
 *
 * <pre>
 *    address-limit     limits.connections-per-address: over it the connection is closed at once (removes itself)
 *    idle              IdleStateHandler: nothing read for the idle timeout → event for "heartbeat" (which ignores
 *                      it while the server itself stopped reading)
 *  H request-bytes     tells request-deadline that bytes of a request arrived
 *  H http-codec        HTTP/1.1 (replaced by the WebSocket frame codec on upgrade)
 *  H request-deadline  a whole request within http.request-timeout-seconds, else close: 408 if part of one came
 *  H security-headers  security headers on every response (the 101 of the upgrade included)
 *  H http-aggregator   whole requests, bodies up to http.max-body-bytes (larger → 413)
 *  H ws-upgrade        refuses /ws upgrades that failed to decode, are not HTTP/1.1 or lack Host (400)
 *  H ws-origin         (unless ws.check-origin=false) refuses /ws upgrades from an Origin not allowed (403)
 *  H ws-subprotocol    refuses /ws upgrades without a Spreekuur subprotocol (400); takes a Hello slot
 *                      (limits.sockets-awaiting-hello; none free → 503)
 *    control-frames    pings and pongs count against rate-limit; a pong only to a writable channel
 *    ws-protocol       Netty's handshake, ping/pong, close; frames over ws.max-frame-bytes → 1009
 *    ws-aggregator     joins fragmented messages (same limit)
 *  H http-router       REST routes, health, metrics, static files (work on the worker pool)
 *    ws-connection     creates the WsConnection (encoding, outbox), writability, cleanup, errors → close codes;
 *                      removes the H stages when the upgrade completes
 *    heartbeat         server pings; idle → 4002
 *    frame-decoder     frame → ClientMessage (wrong frame type → 1003, undecodable → MALFORMED)
 *    rate-limit        token bucket per connection (RATE_LIMITED, flooding → 4003)
 *    envelope          body / request_id rules (UNKNOWN_TYPE, INVALID_ARGUMENT)
 *    app               hands requests to the connection's serial executor on the shared worker pool, where
 *                      HelloStage (Hello within the timeout, token check, HelloOk) and then RequestStage (Ping,
 *                      Logout, everything else → Application) run: per connection in order, allowed to block; at
 *                      ws.max-in-flight unfinished requests of the connection, or app.max-in-flight of the node, it
 *                      stops reading the socket instead of queueing (RequestGate)
 * </pre>
 *
 * <p>H: plain HTTP only. When the upgrade completes, Netty's handshaker replaces {@code http-codec} with the frame
 * codec and removes {@code http-aggregator}; {@code ws-connection} removes the rest
 * ({@link WsConnectionHandler#HTTP_ONLY}), so an upgraded socket carries only the WebSocket stages. The stateless
 * stages ({@code ws-subprotocol}, {@code http-router}, {@code ws-connection}, {@code frame-decoder},
 * {@code envelope}) are one shared instance each.
 */
public final class SpreekuurChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String SECURITY_HEADERS = "security-headers";
    static final String TLS = "tls";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String WS_SUBPROTOCOL = "ws-subprotocol";
    static final String REQUEST_DEADLINE = "request-deadline";
    static final String REQUEST_BYTES = "request-bytes";
    static final String WS_UPGRADE = "ws-upgrade";
    static final String WS_ORIGIN = "ws-origin";
    static final String HTTP_ROUTER = "http-router";

    /** How long a closing socket waits for the client's close frame before it is closed anyway. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final TransportServices services;
    private final WorkerPool workers;
    private final InFlightLimit inFlight;
    private final ChannelGroup allChannels;
    private final AddressLimit addressLimit;
    private final UpgradeRequestGuard upgradeGuard;
    private final OriginGuard originGuard;
    private final HelloSlots helloSlots;
    private final SubprotocolGuard subprotocolGuard;
    private final ClientFrameDecoder frameDecoder;
    private final EnvelopeValidator envelopeValidator = new EnvelopeValidator();
    private final RequestStage requestStage;
    private final WsConnectionHandler connectionHandler;
    private final WebSocketServerProtocolConfig webSocketConfig;
    private final CloseFrameHandler closeFrames = new CloseFrameHandler();
    /** HTTPS/WSS on this port, or null for plain HTTP. */
    private final TlsContext tls;

    SpreekuurChannelInitializer(TransportServices services, WorkerPool workers, InFlightLimit inFlight,
                                ChannelGroup allChannels, TlsContext tls) {
        this.services = services;
        this.tls = tls;
        this.workers = workers;
        this.inFlight = inFlight;
        this.allChannels = allChannels;
        this.addressLimit = new AddressLimit(services.config().limits().connectionsPerAddress(),
                services.config().limits().trustedProxies());
        this.upgradeGuard = new UpgradeRequestGuard(services.metrics());
        this.originGuard = services.config().limits().checkOrigin()
                ? new OriginGuard(services.config(), services.metrics()) : null;
        this.helloSlots = new HelloSlots(services.config().limits().socketsAwaitingHello());
        this.subprotocolGuard = new SubprotocolGuard(services.metrics(), helloSlots);
        this.frameDecoder = new ClientFrameDecoder(services.metrics());
        this.requestStage = new RequestStage(services);
        this.connectionHandler = new WsConnectionHandler(services.config(), services.metrics(), CLOSE_TIMEOUT);
        this.webSocketConfig = webSocketConfig(services.config());
    }

    /** New WebSocket upgrades are refused from now on (503); the node is draining. */
    void drain() {
        subprotocolGuard.drain();
    }

    static WebSocketServerProtocolConfig webSocketConfig(ServerConfig config) {
        return WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(SubprotocolGuard.PATH)
                .subprotocols(WireEncoding.allSubprotocols())
                .checkStartsWith(true)
                .handshakeTimeoutMillis(10_000)
                .forceCloseTimeoutMillis(CLOSE_TIMEOUT.toMillis())
                // CloseFrameHandler answers close frames: Netty's own handling echoes even the answer to ours.
                .handleCloseFrames(false)
                // Our closes always carry their own code; a bare close() must not claim "normal closure".
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameBytes())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        allChannels.add(channel);
        ServerConfig config = services.config();
        ChannelPipeline p = channel.pipeline();
        RateLimitHandler rateLimit = new RateLimitHandler(config.rateMessagesPerSecond(), config.rateBurst(),
                services.clock());
        p.addLast("address-limit", addressLimit);
        if (tls != null) {
            p.addLast(TLS, tls.newHandler(channel.alloc()));
        }
        p.addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        RequestDeadline requestDeadline = new RequestDeadline(config.limits().requestTimeout());
        p.addLast(REQUEST_BYTES, new RequestDeadline.Bytes(requestDeadline));
        p.addLast("http-codec", new HttpServerCodec());
        p.addLast(REQUEST_DEADLINE, requestDeadline);
        p.addLast(SECURITY_HEADERS, new SecurityHeadersHandler(tls != null));
        p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(config.httpMaxBodyBytes()));
        p.addLast(WS_UPGRADE, upgradeGuard);
        if (originGuard != null) {
            p.addLast(WS_ORIGIN, originGuard);
        }
        p.addLast(WS_SUBPROTOCOL, subprotocolGuard);
        p.addLast("control-frames", new ControlFrameLimit(rateLimit));
        p.addLast("ws-protocol", new WebSocketServerProtocolHandler(webSocketConfig));
        p.addLast("ws-close", closeFrames);
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(config.maxFrameBytes()));
        p.addLast(HTTP_ROUTER, services.httpRouter());
        p.addLast("ws-connection", connectionHandler);
        p.addLast("heartbeat", new HeartbeatHandler(config.heartbeatInterval()));
        p.addLast("frame-decoder", frameDecoder);
        p.addLast("rate-limit", rateLimit);
        p.addLast("envelope", envelopeValidator);
        p.addLast("app", new ApplicationDispatcher(workers.newSerialExecutor(), requestStage, services, inFlight));
    }
}
