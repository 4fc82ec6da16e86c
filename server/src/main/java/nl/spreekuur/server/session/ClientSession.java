package nl.spreekuur.server.session;

import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;

/**
 * One authenticated WebSocket connection, as the services see it. Implemented by the transport.
 * All methods are thread-safe and never block: sending goes through a bounded outbox, and a
 * connection whose outbox overflows is closed with {@link CloseCodes#SLOW_CONSUMER}.
 */
public interface ClientSession {

    /** Unique per connection (not per token: one token may have several connections). */
    String connectionId();

    Principal principal();

    /**
     * The session was started by this connection's Hello ({@code new_anonymous_session}), so it is part of nothing
     * yet: no queue place, conversation or consult can name a principal id that did not exist a moment ago.
     */
    default boolean startedByHello() {
        return false;
    }

    /**
     * The client's address as a key for per-address limits: the TCP peer, or the address a trusted proxy
     * forwarded ({@code http.trusted-proxies}). Never log or store it. "unknown" where there is none (tests).
     */
    default String clientAddress() {
        return "unknown";
    }

    /** Sends one message to this connection only. */
    default void send(ServerMessage message) {
        send(EncodedMessage.of(message));
    }

    /** Sends a possibly shared, pre-encoded message. */
    void send(EncodedMessage message);

    /** Sends SessionEnding, then closes the socket with the code and reason. Only the first close counts. */
    void close(int code, String reason);

    boolean isOpen();

    /** Per-connection state owned by the services (subscriptions, resume positions). */
    SessionState state();
}
