package nl.spreekuur.server.session;

/** WebSocket close codes used by the server. Documented in docs/protocol.md; never change a meaning. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    /**
     * This node is draining (SIGTERM, graceful stop): it takes no new connections; reconnect at once, through the
     * load balancer or to another node, and resume. The service as a whole goes on.
     */
    public static final int SERVICE_RESTART = 1012;
    /** Text frame on the protobuf subprotocol, or binary frame on the JSON subprotocol. */
    public static final int WRONG_FRAME_TYPE = 1003;
    /** Authentication failed (bad/expired token, first frame not Hello) or session revoked (logout). */
    public static final int POLICY_VIOLATION = 1008;
    /** Frame larger than the configured maximum. */
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    /** No Hello within the deadline (default 5 s). */
    public static final int HELLO_TIMEOUT = 4000;
    /** The outbox passed its bound: the client does not read fast enough. */
    public static final int SLOW_CONSUMER = 4001;
    /** Nothing received (not even pong) within the idle timeout. */
    public static final int IDLE_TIMEOUT = 4002;
    /** The client kept sending after being rate limited. */
    public static final int FLOODING = 4003;
    /** More sockets with one token than {@code limits.sockets-per-token} on this node. */
    public static final int TOO_MANY_CONNECTIONS = 4004;

    private CloseCodes() {
    }
}
