package nl.spreekuur.server.transport;

import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Pong;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.ErrorReplies;
import nl.spreekuur.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import nl.spreekuur.server.logging.ContentFreeStackTrace;

/**
 * Hands authenticated requests to the {@link nl.spreekuur.server.session.Application}, except the session-level
 * ones the transport answers itself: Ping (Pong) and Logout (revoke, Ack, then every socket of the session closes
 * with 1008). Runs on the connection's serial executor on the worker pool, so services may block; an exception a
 * service lets escape becomes an Error for that request (never a closed connection). Every request first takes a
 * token from its principal's bucket in the shared {@link RateLimiter} (all their connections together, on every
 * node; the per-connection limit is {@link RateLimitHandler}'s): {@value #PER_PRINCIPAL_FACTOR} times the
 * per-connection burst and rate. Stateless, shared by all connections.
 */
final class RequestStage {
    private static final Logger log = LoggerFactory.getLogger(RequestStage.class);

    static final int PER_PRINCIPAL_FACTOR = 4;

    private final TransportServices services;
    private final RateLimiter.Limit perPrincipal;

    RequestStage(TransportServices services) {
        this.services = services;
        this.perPrincipal = new RateLimiter.Limit(PER_PRINCIPAL_FACTOR * services.config().rateBurst(),
                PER_PRINCIPAL_FACTOR * services.config().rateMessagesPerSecond());
    }

    void onMessage(ChannelClientSession session, ClientMessage message) {
        String requestId = message.getRequestId();
        if (!services.rateLimiter().tryAcquire("ws:" + session.principal().id(), perPrincipal).allowed()) {
            session.send(ErrorReplies.error(requestId, ErrorCode.RATE_LIMITED, RateLimitHandler.TOO_FAST));
            return;
        }
        switch (message.getBodyCase()) {
            case PING -> session.send(ServerMessage.newBuilder().setRequestId(requestId)
                    .setPong(Pong.getDefaultInstance()).build());
            case HELLO -> session.send(ErrorReplies.error(requestId, ErrorCode.INVALID_ARGUMENT, "already authenticated"));
            case LOGOUT -> logout(session, requestId);
            default -> dispatch(session, message);
        }
    }

    private void logout(ChannelClientSession session, String requestId) {
        String sessionId = session.principal().sessionId();
        try {
            services.revocations().store(sessionId, session.principal().expiresAt());
        } catch (StoreException e) {
            session.send(ErrorReplies.error(requestId, ErrorCode.UNAVAILABLE, "store unavailable; retry"));
            return;
        }
        // Ack first: closes are queued behind what the outbox already holds, so the Ack reaches this socket.
        session.send(ServerMessage.newBuilder().setRequestId(requestId).setAck(Ack.getDefaultInstance()).build());
        services.revocations().announce(sessionId);
    }

    /** The router answers its handlers' failures itself; this catches what any other application lets escape. */
    private void dispatch(ChannelClientSession session, ClientMessage message) {
        try {
            services.application().onMessage(session, message);
        } catch (RuntimeException e) {
            ErrorReplies.sendFailure(session, message, e);
        }
    }

    /** The socket of an authenticated session closed. */
    void onDisconnected(ChannelClientSession session) {
        services.localSessions().remove(session);
        try {
            services.application().onDisconnected(session);
        } catch (RuntimeException e) {
            log.warn("application failed on disconnect of {}: {}", session.principal().auditName(),
                    e.getClass().getName());
            log.debug("stack trace (messages left out):\n{}", ContentFreeStackTrace.of(e));
        }
    }
}
