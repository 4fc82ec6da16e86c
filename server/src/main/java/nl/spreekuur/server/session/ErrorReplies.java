package nl.spreekuur.server.session;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Error;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ServerMessage;
import java.time.Clock;
import java.time.Duration;
import nl.spreekuur.server.logging.ContentFreeStackTrace;
import nl.spreekuur.server.logging.RepeatedLog;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.StoreException;
import nl.spreekuur.server.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one place where a failed request becomes an {@code Error} message: the texts are the ones
 * {@code docs/protocol.md} promises. Used by the {@link RequestRouter} and by the transport (which answers Hello,
 * Ping and Logout itself and catches whatever an {@link Application} lets escape).
 */
public final class ErrorReplies {
    private static final Logger log = LoggerFactory.getLogger(ErrorReplies.class);
    /** An outage (or an overloaded store answering "busy") fails every request: one line per interval, counted. */
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final RepeatedLog STORE_UNAVAILABLE = new RepeatedLog(log, Level.WARN, LOG_INTERVAL,
            Clock.systemUTC());
    private static final RepeatedLog INTERNAL_ERROR = new RepeatedLog(log, Level.ERROR, LOG_INTERVAL,
            Clock.systemUTC());

    private ErrorReplies() {
    }

    /** An Error answering the request with this id ("" when it has none or it may not be echoed). */
    public static ServerMessage error(String requestId, ErrorCode code, String text) {
        return ServerMessage.newBuilder()
                .setRequestId(requestId)
                .setError(Error.newBuilder().setCode(code).setMessage(text).setRequestId(requestId))
                .build();
    }

    public static void send(ClientSession session, ClientMessage request, ErrorCode code, String text) {
        session.send(error(request.getRequestId(), code, text));
    }

    /**
     * Answers a request whose handling threw: a {@link RequestException} with its own code and text, a store
     * conflict with CONFLICT, a store outage (or a store too busy to take more) with UNAVAILABLE, anything else with
     * INTERNAL. Exception texts may quote input, so only types and origins are logged, and repeats are counted
     * rather than logged one line each ({@link RepeatedLog}).
     */
    public static void sendFailure(ClientSession session, ClientMessage request, RuntimeException failure) {
        if (failure instanceof RequestException e) {
            send(session, request, e.code(), e.getMessage());
        } else if (failure instanceof ConflictException) {
            send(session, request, ErrorCode.CONFLICT, "conflicting state");
        } else if (failure instanceof RedisUnavailableException e) {
            STORE_UNAVAILABLE.log("Redis unavailable while handling {}: {}", request.getBodyCase(),
                    e.getCause().getClass().getName());
            send(session, request, ErrorCode.UNAVAILABLE, "temporarily unavailable, retry with the same ids");
        } else if (failure instanceof StoreException e) {
            STORE_UNAVAILABLE.log("store unavailable while handling {}: {}", request.getBodyCase(),
                    e.getClass().getName());
            send(session, request, ErrorCode.UNAVAILABLE, "temporarily unavailable, retry with the same ids");
        } else {
            StackTraceElement at = failure.getStackTrace().length > 0 ? failure.getStackTrace()[0] : null;
            INTERNAL_ERROR.log("internal error handling {}: {} at {}", request.getBodyCase(),
                    failure.getClass().getName(), at);
            log.debug("stack trace (messages left out):\n{}", ContentFreeStackTrace.of(failure));
            send(session, request, ErrorCode.INTERNAL, "internal error");
        }
    }
}
